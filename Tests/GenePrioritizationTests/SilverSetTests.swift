import FlowRunner
import Foundation
import Genes
import Support
import XCTest
@testable import GenePrioritization

/// Criterion 1 against the preset's silver sets (Prompts/criteria/toufiq2023-erythroid.json),
/// on the shipped knowledge subset (Benchmarks/genes/data) and hand-written answers.
final class SilverSetTests: XCTestCase {
    /// The three genes ALAS2, CA1, BCL2L1 as one plain list.
    static func plan(replicates: Int, in directory: URL) throws -> GenePlan {
        let list = directory.appendingPathComponent("three.txt")
        try Data("ALAS2\nCA1\nBCL2L1\n".utf8).write(to: list)
        let job = GeneJob(modules: .plainList(path: list.path, name: "three"), promptsRoot: GeneTestPaths.prompts,
                          dataDirectory: GeneTestPaths.data, replicates: replicates,
                          model: .localFile(path: "", threads: 1, sha256: nil), databasePath: "", outputDirectory: "",
                          consiliumVersion: "test", environment: [:])
        return try GenePlan(job: job, knowledge: GeneAnalysisTests.knowledge.get())
    }

    /// Replicate answers with `erythroid` as criterion 1's score and 1 for the other five.
    static func answer(erythroid: Double) -> JSONValue {
        .object(["gene": "G", "scores": .array([.object(["score": .number(erythroid), "why": "x"])]
            + (1..<6).map { _ in .object(["score": 1, "why": "x"]) })])
    }

    func testSetsResolveFromTheShippedKnowledge() throws {
        let plan = try Self.plan(replicates: 1, in: GeneTestPaths.temporaryDirectory())
        XCTAssertEqual(plan.silverSets.map(\.spec.name), ["hallmark_heme_metabolism", "go_erythroid_heme_oxygen"])
        let hallmark = plan.silverSets[0], go = plan.silverSets[1]
        XCTAssertEqual(hallmark.members.count, 200, "the Hallmark file is shipped whole")
        XCTAssertTrue(hallmark.members.isSuperset(of: ["ALAS2", "CA1", "SLC4A1", "FECH"]))
        XCTAssertFalse(hallmark.members.contains("BCL2L1"))
        // ALAS2 is annotated to erythrocyte development (below differentiation) and heme biosynthesis.
        XCTAssertTrue(go.members.isSuperset(of: ["ALAS2", "FECH", "HBB", "HBA1"]), "\(go.members.sorted())")
        XCTAssertEqual(go.spec.terms.map(\.id), ["GO:0030218", "GO:0042168", "GO:0015671", "GO:0005833", "GO:0005344"])
    }

    func testCriterionOneAgainstHallmarkByHand() throws {
        let plan = try Self.plan(replicates: 2, in: GeneTestPaths.temporaryDirectory())
        // Genes ALAS2, CA1, BCL2L1; replicate-major. Erythroid means: ALAS2 9, CA1 4, BCL2L1 6.
        let scores = [Self.answer(erythroid: 10), Self.answer(erythroid: 4), Self.answer(erythroid: 6),
                      Self.answer(erythroid: 8), Self.answer(erythroid: 4), Self.answer(erythroid: 6)]
        let claims: JSONValue = .object(["claims": .array([])])
        let analysis = try GeneAnalysis(plan: plan, outputs: ["themes": .array([]), "scores": .array(scores),
                                                              "claims": .array([claims, claims, claims])],
                                        checker: ClaimChecker(knowledge: GeneAnalysisTests.knowledge.get()), top: 2)
        let hallmark = try XCTUnwrap(analysis.silver.first { $0.set == "hallmark_heme_metabolism" })
        XCTAssertEqual(hallmark.genes, 3)
        XCTAssertEqual(hallmark.positives, 2, "ALAS2 and CA1 are Hallmark heme-metabolism genes, BCL2L1 is not")
        // Order ALAS2 (+) 9, BCL2L1 (-) 6, CA1 (+) 4. AUROC: ALAS2 beats BCL2L1, CA1 loses: 1/2.
        XCTAssertEqual(hallmark.areaUnderROC, 0.5)
        // AP: (1/1 + 2/3) / 2.
        XCTAssertEqual(hallmark.averagePrecision ?? .nan, 5.0 / 6, accuracy: 1e-12)
        // Both cut-offs (5, 10) become the module's 3 genes: every member is found.
        XCTAssertEqual(hallmark.atK.map(\.k), [3])
        XCTAssertEqual(hallmark.atK.first?.precision ?? .nan, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(hallmark.atK.first?.recall, 1)
        XCTAssertEqual(analysis.modules.first?.silver.first?.areaUnderROC, 0.5, "one module: the same genes")
        let report = GeneReport(runID: "r", analysis: analysis, statistics: .init(), failedItems: 0)
        XCTAssertTrue(report.markdown.contains("| hallmark_heme_metabolism | erythroid | 3 | 2 | 0.50 | 0.83 | 0.67 | 1 |"), report.markdown)
        XCTAssertEqual(report.jsonValue["silver"]?[0]?["auroc"], 0.5)
        XCTAssertEqual(report.jsonValue["modules"]?[0]?["silver"]?[0]?["positives"], 2)
        XCTAssertEqual(report.jsonValue["silver_sets"]?[1]?["go"]?[0]?["id"], "GO:0030218")
    }

    func testMistypedGOTermFailsNamingThePreset() throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        let criteria = directory.appendingPathComponent("criteria")
        try FileManager.default.createDirectory(at: criteria, withIntermediateDirectories: true)
        let original = try String(contentsOf: GeneTestPaths.prompts.appendingPathComponent("criteria/toufiq2023-erythroid.json"), encoding: .utf8)
        let broken = original.replacingOccurrences(of: "\"GO:0015671\"", with: "\"GO:0015670\"")
        XCTAssertNotEqual(broken, original)
        try Data(broken.utf8).write(to: criteria.appendingPathComponent("toufiq2023-erythroid.json"))
        let preset = try CriteriaPreset.load(named: "toufiq2023-erythroid", directory: criteria)
        XCTAssertThrowsError(try SilverSet(spec: preset.silverSets[1], knowledge: GeneAnalysisTests.knowledge.get(), presetFile: preset.file)) { error in
            XCTAssertTrue("\(error)".contains("silver set go_erythroid_heme_oxygen: GO BP term GO:0015670 is named"), "\(error)")
            XCTAssertTrue("\(error)".contains("expected \"oxygen transport\""), "\(error)")
        }
        let unknownCriterion = original.replacingOccurrences(of: "\"criterion\": \"erythroid\"", with: "\"criterion\": \"red\"")
        XCTAssertThrowsError(try CriteriaPreset(data: Data(unknownCriterion.utf8), file: "p.json")) { error in
            XCTAssertTrue("\(error)".contains("p.json: $.silver_sets[0].criterion: \"red\" is not one of the preset's criteria"), "\(error)")
        }
    }
}
