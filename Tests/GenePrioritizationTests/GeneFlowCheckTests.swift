import Foundation
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
