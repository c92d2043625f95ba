import Foundation
import XCTest
@testable import Genes

/// Claim checking on the full shared snapshot (skipped where it is absent): the genes of the
/// published M9.2 top five (Toufiq et al. 2023: BCL2L1, ALAS2, SLC4A1, CA1, FECH).
final class SharedKnowledgeTests: XCTestCase {
    private static let checker: Result<ClaimChecker, Error> = Result {
        let shared = try TestData.shared()
        let start = Date()
        let checker = ClaimChecker(knowledge: try KnowledgeBase(directory: shared + "/genes"))
        print(String(format: "KnowledgeBase + ClaimChecker ready in %.2f s", Date().timeIntervalSince(start)))
        return checker
    }

    private func verdict(_ gene: String, _ relation: AtomicClaim.Relation) throws -> ClaimVerdict {
        try Self.checker.get().check(AtomicClaim(gene: gene, relation: relation))
    }

    func testTopFiveClaims() throws {
        // Outside an assertion, so a missing snapshot skips the test instead of failing it.
        _ = try Self.checker.get()
        XCTAssertEqual(try verdict("ALAS2", .involvedIn(process: "heme biosynthesis")).name, "supported")
        XCTAssertEqual(try verdict("FECH", .involvedIn(process: "heme biosynthetic process")).name, "supported")
        XCTAssertEqual(try verdict("SLC4A1", .memberOfPathway(name: "HALLMARK_HEME_METABOLISM")).name, "supported")
        XCTAssertEqual(try verdict("CA1", .hasFunction(function: "carbonate dehydratase activity")).name, "supported")
        XCTAssertEqual(try verdict("BCL2L1", .involvedIn(process: "negative regulation of apoptotic process")).name, "supported")
        XCTAssertEqual(try verdict("BCL2L1", .isDrugTarget("navitoclax")).name, "unverifiable")
        // BCL2L1 is not a Hallmark heme-metabolism gene: a positive statement of the set's member list.
        XCTAssertEqual(try verdict("BCL2L1", .memberOfPathway(name: "HALLMARK_HEME_METABOLISM")).name, "contradicted")
        XCTAssertEqual(try verdict("ALAS2", .locatedIn(component: "mitochondrial matrix")).name, "supported")
        // "apoptosis" is read as GO's "apoptotic process".
        XCTAssertEqual(try verdict("BCL2L1", .involvedIn(process: "negative regulation of apoptosis")).name, "supported")
    }

    func testPropagatedTermGenesForSilverSets() throws {
        let knowledge = try Self.checker.get().knowledge
        let heme = knowledge.genes(reaching: "GO:0006783", aspect: .process)
        XCTAssertTrue(Set(["ALAS2", "FECH", "UROD", "HMBS"]).isSubset(of: Set(heme)), "\(heme)")
        XCTAssertFalse(heme.contains("BCL2L1"))
        print("genes reaching GO:0006783 heme biosynthetic process:", heme.count)
    }
}
