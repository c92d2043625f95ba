import Foundation
import FlowRunner
import Inference
import Support
import TumorBoard
import Workflow
import XCTest

/// The flow and its prompts pass the graph check, and its model step answers in the project's
/// treatment-options schema itself, `$defs` and `$ref` included, which local constrained decoding takes.
final class TumorBoardFlowCheckTests: XCTestCase {
    func testFlowPassesTheCheck() throws {
        let resources = TestFiles.resources
        let flow = try CheckedFlow.load(file: resources.flowFile, promptsRoot: resources.promptsRoot, metrics: MetricRegistry.standard.catalog)
        XCTAssertEqual(flow.definition.id, "tumorboard.recommend")
        XCTAssertEqual(flow.plan.steps.map(\.name), ["options"])
    }

    func testTheStepUsesTheProjectSchemaAndTheLocalDecoderTakesIt() throws {
        let resources = TestFiles.resources
        let flow = try JSONValue(parsing: Data(contentsOf: resources.flowFile))
        XCTAssertEqual(flow["steps"]?[0]?["schema"]?.stringValue, "schemas/treatment-options.json")
        let schema = try JSONValue(parsing: Data(contentsOf: resources.promptsRoot.appendingPathComponent("schemas/treatment-options.json")))
        XCTAssertNotNil(schema["$defs"]?["option"], "the schema keeps its $ref to $defs/option")
        // Local schema-constrained decoding compiles it, $ref and all.
        let grammar = try JSONSchemaGrammar(schema: schema)
        XCTAssertGreaterThan(grammar.shortestDocument, 0)
    }
}
