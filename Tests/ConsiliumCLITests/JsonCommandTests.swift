import ConsiliumCLI
import Foundation
import Support
import TestSupport
import XCTest

/// `consilium json`: envelopes, JSON Lines, error codes and paths, exit status; and a flow run,
/// listed, shown and exported through it on the real default model.
final class JsonCommandTests: XCTestCase {
    var harness: JsonTestHarness!

    override func setUpWithError() throws {
        harness = try JsonTestHarness()
    }

    override func tearDown() {
        harness.remove()
    }

    func testOneRequestEchoesItsIDAndExitsZero() async throws {
        let output = try await harness.run(#"{"id": "a-1", "op": "version"}"#)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.responses, [["id": "a-1", "ok": true, "result": ["version": .string(Consilium.version)]]])
    }

    func testJSONLinesAnswersEveryLineInOrderAndFailsIfAnyFailed() async throws {
        let input = """
            {"id": 1, "op": "score", "metric": "accuracy", "outcomes": [true, false]}
            {"id": 2, "op": "score", "metric": "accuracy", "outcomes": [true, false]

            {"id": 3, "op": "score", "metric": "nope"}
            {"id": 4, "op": "version"}
            """
        let output = try await harness.run(input, lines: true)
        XCTAssertEqual(output.status, 1)
        XCTAssertEqual(output.responses.count, 4, output.stdout)
        XCTAssertEqual(output.responses.map { $0["ok"] }, [true, false, false, true])
        XCTAssertEqual(output.responses.map { $0["id"] }, [1, nil, 3, 4].map { $0.map(JSONValue.number) ?? .null })
        XCTAssertEqual(output.responses[1]["error"]?["code"], "invalid_json")
        XCTAssertTrue(output.responses[1]["error"]?["message"]?.stringValue?.contains("line 2") ?? false)
        XCTAssertEqual(output.responses[2]["error"]?["code"], "invalid_request")
        XCTAssertEqual(output.responses[2]["error"]?["path"], "$.metric")
        XCTAssertEqual(output.responses[0]["result"]?["correct"], 1)
    }

    func testErrorsNameThePathAndNeverEchoTheValue() async throws {
        let secret = "sk-test-0123456789abcdef"
        let junk = harness.directory.appendingPathComponent("junk.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: junk))
        let cases: [(request: String, code: String, path: String?)] = [
            (#"{"op": "version", "api_key": "\#(secret)"}"#, "invalid_request", "$.api_key"),
            (#"{"op": "generate", "prompt": "x", "temperature": "\#(secret)"}"#, "invalid_request", "$.temperature"),
            (#"{"op": "generate", "messages": [{"role": "user", "content": "x", "token": "\#(secret)"}]}"#, "invalid_request", "$.messages[0].token"),
            (#"{"op": "generate", "messages": [{"role": "\#(secret)", "content": "x"}]}"#, "invalid_request", "$.messages[0].role"),
            (#"{"op": "\#(secret)"}"#, "unknown_op", "$.op"),
            (#"{"op": "score", "metric": "set_f1", "predicted": [["A"], [1]], "reference": [["A"], ["B"]]}"#, "invalid_request", "$.predicted[1][0]"),
            (#"{"op": "score", "metric": "set_f1", "predicted": [["A"]], "reference": [["A"], ["B"]]}"#, "invalid_request", "$.reference"),
            (#"{"op": "score", "metric": "accuracy", "outcomes": [true], "confidence": 1.5}"#, "invalid_request", "$.confidence"),
            (#"{"op": "runs.show"}"#, "invalid_request", "$.run_id"),
            (#"{"op": "runs.list", "db": "/no/such/dir/x.sqlite"}"#, "invalid_request", "$.db"),
            (#"{"op": "runs.export", "run_id": "nope"}"#, "run_not_found", "$.run_id"),
            (#"{"op": "runs.list", "db": "\#(junk)"}"#, "invalid_request", "$.db"),
            (#"{"id": {"x": 1}, "op": "version"}"#, "invalid_request", "$.id"),
            (#"{"op": "run", "flow": "/no/such/flow.json"}"#, "flow_invalid", "$.flow"),
            (#"["op", "version"]"#, "invalid_request", "$"),
            (#"{"op": "generate", "model": "/no/such/model.gguf", "prompt": "x"}"#, "model_not_found", "$.model"),
        ]
        for (request, code, path) in cases {
            let output = try await harness.run(request)
            XCTAssertEqual(output.status, 1, request)
            XCTAssertEqual(output.responses.count, 1, request)
            let error = output.responses.first?["error"]
            XCTAssertEqual(error?["code"]?.stringValue, code, request)
            XCTAssertEqual(error?["path"]?.stringValue, path, request)
            XCTAssertFalse(output.stdout.contains(secret), "the value was echoed: \(output.stdout)")
            XCTAssertFalse(output.stderr.contains(secret), "the value was echoed: \(output.stderr)")
        }
    }

    func testUnreadableInputFileIsAJSONError() async throws {
        let stdout = StringWriter(), stderr = StringWriter()
        let context = CommandContext(stdout: stdout, stderr: stderr, environment: harness.environment)
        let status = await Consilium.main(["consilium", "json", "--input", harness.directory.path + "/missing.json"], context: context)
        XCTAssertEqual(status, 1)
        XCTAssertEqual(try JSONValue(parsing: stdout.text)["error"]?["code"], "invalid_request")
    }

    /// Messages and a schema through JSON: the reply is JSON the schema accepts, and a seed given
    /// as a string (above 2^53) is taken whole.
    func testGenerateWithMessagesAndSchemaOnSmolLM2() async throws {
        let model = try TestModels.path(TestModels.smollm2)
        let request = """
            {"id": "s", "op": "generate", "model": "\(model)", "max_tokens": 48, "seed": "18446744073709551615",
             "messages": [{"role": "system", "content": "You reply with JSON."},
                          {"role": "user", "content": "Name one human gene as {\\"gene\\": SYMBOL}."}],
             "schema": {"type": "object", "required": ["gene"], "additionalProperties": false,
                        "properties": {"gene": {"type": "string", "minLength": 1}}}}
            """
        let output = try await harness.run(request)
        XCTAssertEqual(output.status, 0, output.stdout + output.stderr)
        let result = try XCTUnwrap(output.responses.first?["result"])
        XCTAssertEqual(result["sampling"]?["seed"], "18446744073709551615")
        let text = try XCTUnwrap(result["text"]?.stringValue)
        let reply = try JSONValue(parsing: text)
        XCTAssertEqual(reply.objectValue.map { Array($0.keys) }, ["gene"], text)
        XCTAssertFalse(reply["gene"]?.stringValue?.isEmpty ?? true, text)
    }

    /// A one-item flow on SmolLM2 135M (Tests/FlowRunnerTests/Fixtures/prompts/flows/local.json),
    /// then the run listed, shown, exported, and a resume of the finished run refused: one session.
    func testRunThenListShowExportInOneSession() async throws {
        let model = try TestModels.path(TestModels.smollm2)
        let flow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FlowRunnerTests/Fixtures/prompts/flows/local.json").path
        let run = try await harness.run(
            #"{"id": "r", "op": "run", "flow": "\#(flow)", "model": "\#(model)", "inputs": {"genes": ["TP53"]}, "threads": 2}"#)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let result = try XCTUnwrap(run.responses.first?["result"])
        let runID = try XCTUnwrap(result["run_id"]?.stringValue)
        XCTAssertEqual(result["status"], "succeeded")
        XCTAssertEqual(result["statistics"]?["calls"]?.intValue, (result["failures"]?.arrayValue?.count ?? 0) > 0 ? 2 : 1)
        XCTAssertTrue(run.stderr.contains(runID), "the run id goes to stderr")

        let session = try await harness.run("""
            {"id": 1, "op": "runs.list"}
            {"id": 2, "op": "runs.show", "run_id": "\(runID)"}
            {"id": 3, "op": "runs.export", "run_id": "\(runID)", "prov": true}
            {"id": 4, "op": "resume", "run_id": "\(runID)", "flow": "\(flow)", "model": "\(model)"}
            {"id": 5, "op": "run", "flow": "\(flow)", "model": "\(model)", "inputs": {"genes": "TP53"}}
            """, lines: true)
        XCTAssertEqual(session.status, 1)
        XCTAssertEqual(session.responses.count, 5, session.stdout)
        XCTAssertEqual(session.responses[0]["result"]?["runs"]?[0]?["id"]?.stringValue, runID)
        XCTAssertEqual(session.responses[1]["result"]?["run"]?["status"], "succeeded")
        XCTAssertNotNil(session.responses[2]["result"]?["entity"]?.objectValue, "PROV-JSON has entities")
        XCTAssertEqual(session.responses[3]["error"]?["code"], "run_failed", "a finished run cannot be resumed")
        XCTAssertEqual(session.responses[4]["error"]?["code"], "invalid_request")
        XCTAssertEqual(session.responses[4]["error"]?["path"], "$.inputs")
    }
}
