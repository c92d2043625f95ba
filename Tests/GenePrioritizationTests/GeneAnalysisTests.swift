import Foundation
import Genes
import Support
import XCTest
@testable import GenePrioritization

/// The computed steps on hand-written answers (no model): replicate means and SDs, the weighted
/// ranking, failed answers kept apart, claims aligned with the genes that answered, agreement
/// between replicates and with the published M9.2 top five.
final class GeneAnalysisTests: XCTestCase {
    static let knowledge = Result { try KnowledgeBase(directory: GeneTestPaths.data) }

    func plan(replicates: Int, in directory: URL, genes: [String] = ["ALAS2", "CA1", "BCL2L1"]) throws -> GenePlan {
        let list = directory.appendingPathComponent("genes.txt")
        try Data((genes.joined(separator: "\n") + "\n").utf8).write(to: list)
        let job = GeneJob(modules: .plainList(path: list.path, name: "M9.2"), promptsRoot: GeneTestPaths.prompts,
                          dataDirectory: GeneTestPaths.data, replicates: replicates,
                          model: .localFile(path: "", threads: 1, sha256: nil), databasePath: "", outputDirectory: "",
                          consiliumVersion: "test", environment: [:])
        return try GenePlan(job: job, knowledge: Self.knowledge.get())
    }

    /// All six criteria at `score`, with `why` as every justification.
    func answer(_ score: Double, why: String = "x") -> JSONValue {
        .object(["gene": "G", "scores": .array((0..<6).map { _ in .object(["score": .number(score), "why": .string(why)]) })])
    }

    func testReplicatesAreSummarizedAndRankedByWeightedMean() throws {
        let plan = try plan(replicates: 2, in: GeneTestPaths.temporaryDirectory())
        XCTAssertEqual(plan.genes, ["ALAS2", "CA1", "BCL2L1"])
        XCTAssertEqual(plan.flowInputs["assessments"]?.arrayValue?.count, 6)
        XCTAssertEqual(plan.flowInputs["assessments"]?[3]?["replicate"], 2, "replicate-major: the 4th entry is ALAS2's replicate 2")
        // Replicate 1 then replicate 2, each in gene order. CA1's second answer failed.
        let failure: JSONValue = .object(["$failure": .object(["step": "scores", "item": "4", "kind": "invalid_answer", "reason": "r"])])
        let scores: [JSONValue] = [answer(8), answer(2), answer(5), answer(6), failure, answer(5)]
        let claims: JSONValue = .object(["claims": .array([])])
        let outputs: [String: JSONValue] = ["themes": .array([.object(["coherent": false, "themes": .array([])])]),
                                            "scores": .array(scores), "claims": .array([claims, claims, claims])]
        let analysis = try GeneAnalysis(plan: plan, outputs: outputs, checker: ClaimChecker(knowledge: Self.knowledge.get()), top: 2)
        let rows = try XCTUnwrap(analysis.modules.first?.rows)
        XCTAssertEqual(rows.map(\.gene), ["ALAS2", "BCL2L1", "CA1"])
        // ALAS2: criteria 8 and 6, mean 7, SD sqrt(2); total weights sum to 8, so totals 64 and 48.
        XCTAssertEqual(rows[0].summary.criteria["erythroid"]?.mean, 7)
        XCTAssertEqual(rows[0].summary.criteria["erythroid"]?.standardDeviation ?? 0, 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(rows[0].summary.total.mean, 56)
        XCTAssertEqual(rows[2].failedReplicates, [2])
        XCTAssertEqual(rows[2].summary.replicateCount, 1)
        XCTAssertNil(rows[2].summary.total.standardDeviation)
        XCTAssertEqual(rows[0].check?.flag, .noClaims, "a justification without claims backs nothing")
        XCTAssertEqual(analysis.modules.first?.picks.count, 0)
        // Hand-computed: totals [[64, 48], [40, 40]] (CA1 lacks a replicate): MSR 256, MSC 64,
        // MSE 64, so ICC(A,1) = 192 / 320.
        let agreement = try XCTUnwrap(analysis.modules.first?.agreement)
        XCTAssertEqual(agreement.genesInICC, 2)
        XCTAssertEqual(agreement.replicateICC ?? .nan, 0.6, accuracy: 1e-12)
        // The list is named M9.2, so the published top five apply: all 3 ranked genes are in it.
        XCTAssertEqual(agreement.reference?.k, 3)
        XCTAssertEqual(agreement.reference?.found, ["BCL2L1", "ALAS2", "CA1"])
        XCTAssertEqual(agreement.reference?.precision, 1)
        XCTAssertEqual(agreement.reference?.recall, 0.6)
        // Published order BCL2L1, ALAS2, (SLC4A1), CA1 against positions 2, 1, 3 here: rank
        // differences -1, 1, 0, so rho = 1 - 6 * 2 / (3 * (9 - 1)) = 0.5.
        XCTAssertEqual(agreement.reference?.rankedCount, 3)
        XCTAssertEqual(agreement.reference?.rankCorrelation ?? .nan, 0.5, accuracy: 1e-12)
    }

    func testPrecisionAgainstThePublishedTopFiveDoesNotDependOnTheGeneOrderOfTies() throws {
        // Eight genes, five of them the published M9.2 top five, listed first; the model ties them all.
        let genes = ["ALAS2", "CA1", "BCL2L1", "SLC4A1", "FECH", "HBD", "SNCA", "EPB42"]
        let plan = try plan(replicates: 1, in: GeneTestPaths.temporaryDirectory(), genes: genes)
        XCTAssertEqual(plan.genes, genes)
        let claims: JSONValue = .object(["claims": .array([])])
        let outputs: [String: JSONValue] = ["themes": .array([.object(["coherent": false, "themes": .array([])])]),
                                            "scores": .array(plan.genes.map { _ in answer(5) }),
                                            "claims": .array(plan.genes.map { _ in claims })]
        let analysis = try GeneAnalysis(plan: plan, outputs: outputs, checker: ClaimChecker(knowledge: Self.knowledge.get()), top: 2)
        let match = try XCTUnwrap(analysis.modules.first?.agreement.reference)
        XCTAssertEqual(match.k, 5)
        XCTAssertTrue(match.tiedAtCut)
        // All eight tie: any five of them are an equally good top five, holding 5 * 5 / 8 published genes on average.
        XCTAssertEqual(match.expectedHits, 3.125, accuracy: 1e-12)
        XCTAssertEqual(match.precision, 0.625, accuracy: 1e-12)
        XCTAssertEqual(match.recall, 0.625, accuracy: 1e-12)
        XCTAssertNil(match.rankCorrelation, "constant totals carry no order")
    }

    func testClaimsAlignWithTheGenesThatAnsweredAndAreAttributedToThem() throws {
        let plan = try plan(replicates: 1, in: GeneTestPaths.temporaryDirectory())
        let failure: JSONValue = .object(["$failure": .object(["step": "scores", "item": "1", "kind": "invalid_answer", "reason": "r"])])
        // CA1 failed, so the claims step saw ALAS2 then BCL2L1. The splitter misspelt ALAS2.
        let heme: JSONValue = .object(["claims": .array([.object(["gene": "ALAS-2", "relation": "involved_in", "object": "heme biosynthetic process"])])])
        let none: JSONValue = .object(["claims": .array([])])
        let outputs: [String: JSONValue] = ["themes": .array([]), "scores": .array([answer(9), failure, answer(3)]),
                                            "claims": .array([heme, none])]
        let analysis = try GeneAnalysis(plan: plan, outputs: outputs, checker: ClaimChecker(knowledge: Self.knowledge.get()), top: 2)
        let module = try XCTUnwrap(analysis.modules.first)
        XCTAssertEqual(module.unscored, ["CA1"])
        let alas2 = try XCTUnwrap(module.rows.first { $0.gene == "ALAS2" })
        XCTAssertEqual(alas2.check?.claims.first?.gene, "ALAS2")
        XCTAssertEqual(alas2.check?.verdicts.first?.name, "supported", "GO BP holds ALAS2 in heme biosynthesis")
        XCTAssertEqual(module.picks.map(\.gene), ["ALAS2"])
        XCTAssertThrowsError(try GeneAnalysis(plan: plan, outputs: ["scores": .array([answer(9), failure, answer(3)]), "claims": .array([heme])],
                                              checker: ClaimChecker(knowledge: Self.knowledge.get()), top: 2)) { error in
            XCTAssertEqual("\(error)", "step claims, item 1: expected 2 answers, one per answered gene")
        }
    }
}

/// Step 1 on the shipped A37 subset (Benchmarks/genes/data/bloodgen3, from BloodGen3's module list):
/// eleven modules, Illumina-era symbols brought to current HGNC ones, entries without a symbol
/// kept in the record but not scored, and one assessment per gene and replicate.
final class GenePlanTests: XCTestCase {
    func testAggregateA37IsNormalizedIntoFlowInputs() throws {
        let job = GeneJob(modules: .bloodGen3(path: GeneTestPaths.repertoire, ids: ["A37"]), promptsRoot: GeneTestPaths.prompts,
                          dataDirectory: GeneTestPaths.data, replicates: 3, model: .localFile(path: "", threads: 1, sha256: nil),
                          databasePath: "", outputDirectory: "", consiliumVersion: "test", environment: [:])
        let plan = try GenePlan(job: job, knowledge: GeneAnalysisTests.knowledge.get())
        XCTAssertEqual(plan.modules.map(\.id), ["M9.2", "M11.2", "M11.3", "M11.4", "M12.11", "M13.26", "M13.30",
                                                "M14.53", "M15.53", "M15.74", "M15.100"])
        XCTAssertTrue(plan.genes.contains("MARCHF8"), "8-Mar, Excel's MARCH8")
        XCTAssertTrue(plan.genes.contains("TENT5C"), "FAM46C's current symbol")
        XCTAssertFalse(plan.genes.contains("FAM46C"))
        let unresolved = plan.modules.flatMap { $0.unresolved.map(\.input) }
        XCTAssertTrue(unresolved.contains("HS.211743"))
        XCTAssertTrue(unresolved.contains("LOC284422"))
        XCTAssertEqual(Set(plan.genes).count, plan.genes.count, "each gene scored once even when in two modules")
        XCTAssertEqual(plan.flowInputs["assessments"]?.arrayValue?.count, plan.genes.count * 3)
        XCTAssertEqual(plan.flowInputs["gene_count"]?.numberValue, Double(plan.genes.count))
        print("A37: \(plan.genes.count) genes to score from \(plan.normalized.coverage.total) entries")
    }
}
