import Foundation
import Genes
import Workflow
import XCTest
@testable import GenePrioritization

/// The shipped flow and criteria preset load and pass their checks as they are in the repository.
final class GeneFlowCheckTests: XCTestCase {
    func testFlowPassesTheCheck() throws {
        let flow = try CheckedFlow.load(file: GeneTestPaths.prompts.appendingPathComponent("flows/gene-prioritization.json"),
                                        promptsRoot: GeneTestPaths.prompts)
        XCTAssertEqual(flow.definition.id, "genes.prioritization")
        XCTAssertEqual(flow.plan.steps.map(\.name), ["themes", "scores", "first_replicate", "answered", "claims"])
    }

    func testBenchmarkFlowsPassTheCheck() throws {
        let naming = try CheckedFlow.load(file: GeneTestPaths.prompts.appendingPathComponent("flows/go-naming.json"), promptsRoot: GeneTestPaths.prompts)
        XCTAssertEqual(naming.plan.steps.map(\.name), ["themes"])
        let sets = try GONamingSet.load(path: GeneTestPaths.data + "/benchmarks/hu2025_go_bp_1000_contaminated.sample100.csv")
        XCTAssertEqual(naming.validateInputs(["sets": GONamingBench.flowInput(sets)]).count, 0)
        let causal = try CheckedFlow.load(file: GeneTestPaths.prompts.appendingPathComponent("flows/gwas-causal.json"), promptsRoot: GeneTestPaths.prompts)
        XCTAssertEqual(causal.plan.steps.map(\.name), ["causal"])
        let loci = try GWASLocus.load(path: GeneTestPaths.data + "/benchmarks/opentargets_gwas_loci.sample100.tsv")
        XCTAssertEqual(causal.validateInputs(["loci": GWASCausalBench.flowInput(loci)]).count, 0)
    }

    func testPresetHasSixWeightedCriteriaAndAlternatives() throws {
        let preset = try CriteriaPreset.load(named: "toufiq2023-erythroid", directory: GeneTestPaths.prompts.appendingPathComponent("criteria"))
        XCTAssertEqual(preset.criteria.map(\.key), ["erythroid", "clinical_biomarker", "blood_biomarker",
                                                    "leukocyte_immunology", "drug_target", "immune_therapeutic"])
        XCTAssertEqual(preset.weights.weight(of: "erythroid"), 3)
        XCTAssertEqual(preset.alternatives.map(\.name).first, "equal (the paper's unweighted sum)")
    }

    func testUnknownPresetNamesTheKnownOnes() {
        XCTAssertThrowsError(try CriteriaPreset.load(named: "nope", directory: GeneTestPaths.prompts.appendingPathComponent("criteria"))) { error in
            XCTAssertTrue("\(error)".contains("no criteria preset \"nope\" (known: toufiq2023-erythroid)"), "\(error)")
        }
    }

    func testPresetWithFiveCriteriaIsRefusedWithItsPath() {
        let data = Data(#"{"id": "x", "criteria": [{"key": "a", "description": "A", "weight": 1}]}"#.utf8)
        XCTAssertThrowsError(try CriteriaPreset(data: data, file: "x.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("x.json: $.criteria: expected a list of 6 criteria"), "\(error)")
        }
    }
}

enum GeneTestPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let prompts = root.appendingPathComponent("Prompts")
    static let data = root.appendingPathComponent("Benchmarks/genes/data").path
    static let repertoire = root.appendingPathComponent("Benchmarks/genes/data/bloodgen3/Module_listGen3.A37.csv").path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geneflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
