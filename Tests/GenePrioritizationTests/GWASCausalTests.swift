import Foundation
import Support
import XCTest
@testable import GenePrioritization
@testable import Genes

/// The GWAS causal-gene benchmark without a model: the shipped sample
/// (Benchmarks/genes/data/benchmarks/opentargets_gwas_loci.sample100.tsv, cut by
/// make_gwas_loci.py from the Open Targets gold standards and GeneLocator's GENCODE 32 positions)
/// and the scoring of hand-written answers.
final class GWASCausalTests: XCTestCase {
    func testShippedSampleLoads() throws {
        let path = URL(fileURLWithPath: GeneTestPaths.data).appendingPathComponent("benchmarks/opentargets_gwas_loci.sample100.tsv").path
        let loci = try GWASLocus.load(path: path)
        XCTAssertEqual(loci.count, 100)
        let first = try XCTUnwrap(loci.first)
        XCTAssertEqual(first.id, "GCST000324_3/16:81230992")
        XCTAssertEqual(first.variant, "rs6564851 (chr16:81230992, GRCh38)")
        XCTAssertEqual(Set(loci.map(\.id)).count, 100, "ids are unique")
        XCTAssertEqual(loci.filter { $0.rsid.isEmpty }.first?.variant.hasPrefix("chr"), true, "drug-based records name no rsid")
        XCTAssertEqual(first.goldGene, "BCO1")
        XCTAssertEqual(first.candidates.first, GWASLocus.Candidate(symbol: "BCO1", distance: 7697))
        XCTAssertTrue(loci.allSatisfy { locus in locus.candidates.contains { $0.symbol == locus.goldGene } }, "the gold gene is always listed")
        XCTAssertEqual(loci.filter { $0.nearestGene == $0.goldGene }.count, 64, "the nearest-gene baseline on the sample")
        // Alphabetical, with distances: the order does not give the nearest gene away.
        let genes = GWASCausalBench.flowInput([first])[0]?["genes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertEqual(genes.first, "AC009070.1 (224 kb)")
        XCTAssertTrue(genes.contains("BCO1 (8 kb)"))
    }

    func testMalformedCandidateNamesLineAndColumn() throws {
        let file = try GeneTestPaths.temporaryDirectory().appendingPathComponent("loci.tsv")
        try Data("locus\trsid\ttrait\tchromosome\tposition_grch38\tgold_gene\tgold_ensembl\tevidence_class\tcandidates\nL1\trs1\tT\t1\t100\tA\tE\tdrug\tA:0,B\n".utf8).write(to: file)
        XCTAssertThrowsError(try GWASLocus.load(path: file.path)) { error in
            XCTAssertEqual("\(error)", "\(file.path):2:9: malformed row: candidate \"B\" is not SYMBOL:distance")
        }
        try Data("locus\trsid\ttrait\tchromosome\tposition_grch38\tgold_gene\tgold_ensembl\tevidence_class\tcandidates\nL1\t\tT\t1\t100\tA\tE\tdrug\tA:0\nL1\t\tT\t1\t200\tA\tE\tdrug\tA:0\n".utf8).write(to: file)
        XCTAssertThrowsError(try GWASLocus.load(path: file.path)) { error in
            XCTAssertEqual("\(error)", "\(file.path):3:1: \"L1\" appears twice (first at line 2)")
        }
    }

    func testScoringByHand() throws {
        func locus(_ id: String, gold: String, _ candidates: [String]) -> GWASLocus {
            GWASLocus(id: id, rsid: "rs" + id, trait: "t", chromosome: "1", position: 1, goldGene: gold, evidenceClass: "drug",
                      candidates: candidates.enumerated().map { .init(symbol: $1, distance: $0 * 1000) })
        }
        let loci = [locus("1", gold: "A", ["A", "B"]), locus("2", gold: "D", ["C", "D"]), locus("3", gold: "E", ["E", "F"]),
                    locus("4", gold: "G", ["G", "H"])]
        let failure: JSONValue = .object(["$failure": .object(["step": "causal", "item": "3", "kind": "invalid_answer", "reason": "bad JSON"])])
        let answers: [JSONValue] = [["gene": "a", "confidence": 0.9, "why": ""], ["gene": "D", "confidence": 0.5, "why": ""],
                                    ["gene": "TP53", "confidence": 0.7, "why": ""], failure]
        let result = try GWASCausalResult(loci: loci, answers: answers)
        // Answered 3: A (right, case ignored), D (right, not the nearest), TP53 (not listed).
        XCTAssertEqual(result.precision.description, "2/3")
        XCTAssertEqual(result.accuracy.description, "2/4", "the failed call counts as wrong")
        XCTAssertEqual(result.outOfList.description, "1/3")
        XCTAssertEqual(result.failed, 1)
        XCTAssertEqual(result.nearestGene.description, "3/4", "nearest is the gold gene at loci 1, 3 and 4")
        XCTAssertEqual(result.beatsNearest, 1)
        XCTAssertEqual(result.losesToNearest, 2)
        XCTAssertTrue(result.markdown(model: "m", runID: "r").contains("| 3 | rs3 | t | E | E | TP53 (not listed) | 0.70 |"))
        XCTAssertThrowsError(try GWASCausalResult(loci: loci, answers: [failure]))
    }
}
