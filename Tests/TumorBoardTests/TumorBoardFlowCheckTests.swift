import Foundation
import FlowRunner
import Support
import TumorBoard
import Workflow
import XCTest

/// The flow and its prompts pass the graph check, and its option schema is the project's
/// treatment-options schema with the `$ref` inlined (local constrained decoding takes no `$defs`).
final class TumorBoardFlowCheckTests: XCTestCase {
    func testFlowPassesTheCheck() throws {
        let resources = TestFiles.resources
        let flow = try CheckedFlow.load(file: resources.flowFile, promptsRoot: resources.promptsRoot, metrics: MetricRegistry.standard.catalog)
        XCTAssertEqual(flow.definition.id, "tumorboard.recommend")
        XCTAssertEqual(flow.plan.steps.map(\.name), ["options"])
    }

    func testInlinedSchemaEqualsTheProjectSchema() throws {
        func load(_ path: String) throws -> [String: JSONValue] {
            try XCTUnwrap(try JSONValue(parsing: Data(contentsOf: TestFiles.root.appendingPathComponent(path))).objectValue)
        }
        var project = try load("Prompts/schemas/treatment-options.json")
        var inlined = try load("Prompts/tumorboard/treatment-options.json")
        let option = try XCTUnwrap(project.removeValue(forKey: "$defs")?.objectValue?["option"])
        guard case .object(var properties)? = project["properties"], case .object(var options)? = properties["options"] else {
            return XCTFail("project schema has no properties.options")
        }
        options["items"] = option
        properties["options"] = .object(options)
        project["properties"] = .object(properties)
        // Only the description differs: it says where the copy came from.
        project["description"] = nil
        inlined["description"] = nil
        XCTAssertEqual(JSONValue.object(inlined).canonicalData, JSONValue.object(project).canonicalData)
    }
}
