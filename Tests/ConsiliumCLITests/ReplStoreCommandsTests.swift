@testable import ConsiliumCLI
import FlowRunner
import Foundation
import Provenance
import Providers
import Support
import TestSupport
import XCTest

/// /flow, /runs, /calls, /call, /rerun and /score on the real SmolLM2 model and a real SQLite file:
/// a one-step flow run from the session, browsed, one of its calls asked again, a file scored,
/// and bad arguments answered with errors that leave the session running.
final class ReplStoreCommandsTests: ReplTestCase {
    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A one-step flow written for this test (prompts/flows/yes-no.json, its template in prompts/):
    /// one question in, {"answer": "yes"|"no"} out, greedy and short.
    func writeFlow() throws -> (flow: String, inputs: String) {
        _ = try write("Answer yes or no: {{ question }}\nAnswer as {\"answer\": \"yes\"} or {\"answer\": \"no\"}.\n",
                      to: "prompts/yes-no.txt")
        let flow = try write("""
            {"id": "test.yes-no", "version": 1, "description": "One yes/no question.",
             "inputs": [{"name": "question", "type": "string"}],
             "steps": [{"name": "answer", "kind": "model", "template": "yes-no.txt",
                        "schema": {"type": "object", "required": ["answer"], "additionalProperties": false,
                                   "properties": {"answer": {"type": "string", "enum": ["yes", "no"]}}},
                        "inputs": {"question": "$inputs.question"}, "sampling": {"temperature": 0, "max_tokens": 16}}],
             "outputs": {"answer": "$steps.answer.output"}}
            """, to: "prompts/flows/yes-no.json")
        let inputs = try write(#"{"question": "Is Paris the capital of France?"}"#, to: "inputs.json")
        return (flow, inputs)
    }

    func loop(_ session: ReplSession, _ lines: [String]) async -> (status: Int32, output: String, notes: String) {
        let output = StringWriter(), notes = StringWriter()
        let status = await ReplLoop(session: session, input: ScriptedInput(lines), output: output, notes: notes, style: .plain,
                                    interactive: false, loader: loader).run()
        return (status, output.text, notes.text)
    }

    // MARK: A flow run, browsed and asked again

    func testAFlowRunsOnTheSessionsModelAndItsCallsCanBeBrowsedAndRerun() async throws {
        let session = try makeSession()
        let (flow, inputs) = try writeFlow()
        var started: RunID?
        let result = try await ReplFlow.run(file: flow, inputsFile: inputs, session: session, environment: [:]) { started = $0 }
        XCTAssertEqual(started, result.runID)
        XCTAssertNotEqual(result.runID, session.runID, "the flow is a run of its own")
        XCTAssertEqual(result.statistics.calls, 1)
        XCTAssertTrue(["yes", "no"].contains(result.outputs["answer"]?["answer"]?.stringValue), "\(result.outputs)")
        let summary = ReplFlow.summary(result)
        XCTAssertTrue(summary.hasPrefix("run \(result.runID) succeeded: 1 calls ("), summary)
        XCTAssertTrue(summary.contains(#""answer": {"#), summary)

        // The flow's run in the session's database, its call made by the session's model.
        let store = try ProvenanceStore(path: database)
        XCTAssertEqual(try store.run(result.runID)?.flowID, "test.yes-no")
        XCTAssertEqual(try store.run(result.runID)?.status, .succeeded)
        let flowCall = try XCTUnwrap(try store.calls(run: result.runID).first)
        XCTAssertEqual(flowCall.key, CallKey(step: "answer"))
        XCTAssertEqual(flowCall.request.model, session.model.registered.identity)
        XCTAssertEqual(flowCall.request.sampling["temperature"], 0)

        let id = result.runID.rawValue
        let score = try write(#"{"op": "score", "id": 1, "metric": "set_f1", "predicted": ["BRAF", "KRAS", "EGFR"], "reference": ["BRAF", "EGFR", "ALK", "ROS1"]}"#,
                              to: "predictions.json")
        let (status, output, notes) = await loop(session, [
            "/runs", "/calls \(id.prefix(8))", "/call \(id) answer -",
            "/rerun \(id.prefix(8)) answer - max_tokens=4 seed=3",
            "/call \(id) answer - 2", "/calls nosuchrun", "/rerun nosuchrun answer -",
            "/flow \(directory.path)/missing.json", "/score \(directory.path)/missing.json", "/score \(score)",
            "/calls",
        ])
        XCTAssertEqual(status, 1, "failed lines make a script's exit status 1: \(notes)")

        // /runs: both runs, with their flows and call counts.
        XCTAssertNotNil(output.range(of: #"run +status +flow +calls +started"#, options: .regularExpression), output)
        XCTAssertTrue(output.contains("\(id)  succeeded  test.yes-no v1  1      "), output)
        XCTAssertTrue(output.contains("\(session.runID)  running    repl v1"), output)
        // /calls and /call: the stored call, as sent and as answered.
        XCTAssertTrue(output.contains("run \(id) (test.yes-no v1, succeeded): 1 calls"), output)
        XCTAssertNotNil(output.range(of: #"\n[0-9]+ +answer +- +1 +valid +[0-9]+ +[0-9]+/[0-9]+\n"#, options: .regularExpression), output)
        XCTAssertTrue(output.contains(#""key": "answer#1""#), output)
        XCTAssertTrue(output.contains("Answer yes or no: Is Paris the capital of France?"), output)
        XCTAssertTrue(output.contains(#""raw_output": "{"#), output)

        // /rerun: the old answer, then the new one, asked with the stored messages and the changed sampling.
        XCTAssertTrue(output.contains("old answer (call \(flowCall.number) of run \(id), \(flowCall.request.model.modelID), valid):\n"
                                      + (flowCall.result.outcome.raw ?? "")), output)
        XCTAssertTrue(output.contains("new answer (\(session.model.label), the stored sampling with max_tokens=4 seed=3):\n"), output)
        let rerun = try XCTUnwrap(try session.recorder.calls().first { $0.key.step == "rerun" })
        XCTAssertEqual(rerun.key, CallKey(step: "rerun", item: "\(id):answer#1", attempt: 1))
        XCTAssertEqual(rerun.request.messages, flowCall.request.messages)
        XCTAssertEqual(rerun.request.sampling["max_tokens"], 4)
        XCTAssertEqual(rerun.request.sampling["seed"], 3)
        XCTAssertEqual(rerun.request.sampling["temperature"], 0, "the stored setting stays unless changed")
        XCTAssertNil(rerun.request.schemaHash, "no /schema set: the rerun is free text")
        XCTAssertTrue(notes.contains("the stored call asked for JSON under schema sha256 \(try XCTUnwrap(flowCall.request.schemaHash).hex.prefix(12))...; this one is free text"), notes)
        XCTAssertEqual(rerun.result.completionTokens, 4)
        XCTAssertEqual(try store.steps(run: session.runID).map(\.name).sorted(), ["chat", "rerun"])
        XCTAssertEqual(try store.steps(run: session.runID).map(\.status.rawValue), ["succeeded", "succeeded"])
        // The session's own run, by /calls with no argument: the rerun call.
        XCTAssertTrue(output.contains("run \(session.runID) (repl v1, "), output)
        XCTAssertNotNil(output.range(of: #"rerun +\#(id):answer#1 +1 +text"#, options: .regularExpression), output)

        // /score: pooled precision 2/3, recall 2/4, F1 4/7 (2 matched, 1 spurious, 2 missed).
        XCTAssertTrue(output.contains(#""metric": "set_f1""#), output)
        XCTAssertTrue(output.contains(#""f1": 0.571428"#), output)
        XCTAssertTrue(output.contains(#""precision": 0.666666"#), output)
        XCTAssertTrue(output.contains("\"missed\": [\n    \"ALK\",\n    \"ROS1\"\n  ]"), output)

        // Each bad line named its command and what was wrong; the lines after it still ran.
        XCTAssertTrue(notes.contains("error: /call: run \(id) has no call answer#2 (1 calls, e.g. answer - 1; /calls \(id) lists them)"), notes)
        XCTAssertTrue(notes.contains(#"error: /calls: no run "nosuchrun" in \#(database) (/runs lists them)"#), notes)
        XCTAssertTrue(notes.contains(#"error: /rerun: no run "nosuchrun" in \#(database) (/runs lists them)"#), notes)
        XCTAssertTrue(notes.contains("error: /flow: \(directory.path)/missing.json: no such flow file"), notes)
        XCTAssertTrue(notes.contains("error: /score: \(directory.path)/missing.json: cannot read the file"), notes)
    }

    func testAFlowWithBadInputsFailsBeforeAnyCallAndTheSessionGoesOn() async throws {
        let session = try makeSession()
        let (flow, _) = try writeFlow()
        let wrong = try write(#"{"query": "Is Paris the capital of France?"}"#, to: "wrong.json")
        let broken = try write(#"{"question": "#, to: "broken.json")
        let (status, output, notes) = await loop(session, ["/flow \(flow) \(wrong)", "/flow \(flow) \(broken)", "/runs"])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(notes.contains(#"error: /flow: "#) && notes.contains(#"input "question" is missing"#), notes)
        XCTAssertTrue(notes.contains(#"input "query" is not declared by flow test.yes-no"#), notes)
        XCTAssertNotNil(notes.range(of: "error: /flow: \(broken):1:[0-9]+: invalid JSON", options: .regularExpression), notes)
        XCTAssertFalse(output.contains("test.yes-no"), "no run was started: \(output)")
        XCTAssertEqual(try ProvenanceStore(path: database).runs().map(\.flowID), ["repl"])
    }

    func testAStoppedFlowIsMarkedInterrupted() async throws {
        let session = try makeSession()
        let (flow, inputs) = try writeFlow()
        let runID = RunID.generate()
        // Cancelled as the run starts, as Ctrl-C would: the model call stops and the run is marked.
        let task = Task {
            try await ReplFlow.run(file: flow, inputsFile: inputs, session: session, environment: [:], runID: runID) { _ in
                withUnsafeCurrentTask { $0?.cancel() }
            }
        }
        do {
            let result = try await task.value
            XCTFail("the flow finished: \(result.outputs)")
        } catch {
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        XCTAssertEqual(try ProvenanceStore(path: database).run(runID)?.status, .interrupted)
    }

    // MARK: /score on its own

    func testScoreReportsAccuracyAndNamesBadFields() throws {
        let accuracy = try write(#"{"metric": "accuracy", "predicted": ["A", "B", "C", "D"], "reference": ["A", "B", "X", "D"]}"#,
                                 to: "accuracy.json")
        let value = try ReplScore.score(file: accuracy)
        XCTAssertEqual(value["correct"], 3)
        XCTAssertEqual(value["total"], 4)
        XCTAssertEqual(value["accuracy"], 0.75)
        // Wilson 95% interval for 3/4 (z = 1.959964): (0.3006, 0.9544).
        XCTAssertEqual(try XCTUnwrap(value["wilson"]?["lower"]?.numberValue), 0.3006, accuracy: 0.0001)
        XCTAssertEqual(try XCTUnwrap(value["wilson"]?["upper"]?.numberValue), 0.9544, accuracy: 0.0001)

        let wrongType = try write(#"{"metric": "set_f1", "predicted": "BRAF", "reference": ["BRAF"]}"#, to: "wrong.json")
        XCTAssertThrowsError(try ReplScore.score(file: wrongType)) {
            XCTAssertEqual("\($0)", "/score: \(wrongType): expected an array of strings or an array of arrays of strings, found string at $.predicted")
        }
        let unknown = try write(#"{"metric": "bleu", "predicted": [], "reference": []}"#, to: "unknown.json")
        XCTAssertThrowsError(try ReplScore.score(file: unknown)) {
            XCTAssertEqual("\($0)", "/score: \(unknown): unknown metric; expected one of accuracy, set_f1 at $.metric")
        }
        let broken = try write("{\"metric\": \"accuracy\",\n \"outcomes\": [true,", to: "broken.json")
        XCTAssertThrowsError(try ReplScore.score(file: broken)) {
            XCTAssertTrue("\($0)".hasPrefix("/score: \(broken):2:"), "\($0)")
        }
    }
}
