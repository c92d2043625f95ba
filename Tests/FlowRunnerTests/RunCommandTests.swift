import FlowRunner
import Foundation
import Provenance
import Support
import XCTest

/// `consilium run` and `consilium runs ...` end to end, against the loopback model.
final class RunCommandTests: XCTestCase {
    func testRunThenListShowExportAndResumeRefused() async throws {
        let model = try FakeOpenAIModel()
        let directory = try temporaryDirectory(self)
        let db = directory.appendingPathComponent("runs.sqlite").path
        let flow = try TestFlows.prompts.appendingPathComponent("flows/genes.json").path
        let config = try providerConfig(model, in: directory)
        let inputsFile = directory.appendingPathComponent("inputs.json")
        try Data(#"{"genes": ["SCN1A", "KCNQ2"], "expected": ["SCN1A"]}"#.utf8).write(to: inputsFile)

        let run = await CommandLineRun.run(["run", flow, "--inputs", inputsFile.path, "--input", "case=Boy, 6, seizures",
                                            "--provider", config, "--db", db, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try JSONValue(parsing: run.stdout)
        let runID = try XCTUnwrap(result["run_id"]?.stringValue)
        XCTAssertTrue(run.stderr.contains("run \(runID)"), run.stderr)
        XCTAssertEqual(result["statistics"]?["provider_calls"], 2)
        XCTAssertEqual(result["outputs"]?["recall"]?["value"], 1)
        XCTAssertEqual(try ProvenanceStore(path: db).calls(run: RunID(runID)).first?.request.messages[1]?["content"]?.stringValue?
                        .hasPrefix("Case: Boy, 6, seizures\n"), true, "--input text that is not JSON is a string")

        let list = await CommandLineRun.run(["runs", "list", "--db", db])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.hasPrefix("\(runID)  succeeded   test.genes v1  "), list.stdout)

        let show = await CommandLineRun.run(["runs", "show", runID, "--db", db])
        XCTAssertEqual(show.status, 0, show.stderr)
        let summary = try JSONValue(parsing: show.stdout)
        XCTAssertEqual(summary["calls"]?["total"], 2)
        XCTAssertEqual(summary["outputs"], result["outputs"])
        XCTAssertEqual(summary["steps"]?.arrayValue?.count, 6)

        let export = await CommandLineRun.run(["runs", "export", runID, "--db", db])
        XCTAssertEqual(try JSONValue(parsing: export.stdout)["format"], "consilium.run-export")
        let prov = await CommandLineRun.run(["runs", "export", runID, "--prov", "--db", db])
        XCTAssertNotNil(try JSONValue(parsing: prov.stdout)["activity"], prov.stdout.prefix(300).description)

        let again = await CommandLineRun.run(["run", flow, "--resume", runID, "--provider", config, "--db", db])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains(runID) && again.stderr.contains("succeeded"), again.stderr)
        XCTAssertEqual(model.answeredCount, 2)
    }

    func testMalformedFlowsAndArgumentsAreRefusedBeforeAnyCall() async throws {
        let model = try FakeOpenAIModel()
        let directory = try temporaryDirectory(self)
        let config = try providerConfig(model, in: directory)
        let db = directory.appendingPathComponent("runs.sqlite").path
        let broken = directory.appendingPathComponent("flows/broken.json")
        try FileManager.default.createDirectory(at: broken.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("""
            {"id": "x", "version": 1, "description": "d", "inputs": [],
             "steps": [{"name": "a", "kind": "model", "template": "missing.txt", "schema": {"type": "object"}}],
             "outputs": {}}
            """.utf8).write(to: broken)

        let run = await CommandLineRun.run(["run", broken.path, "--provider", config, "--db", db])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("error: broken.json:2:55: $.steps[0].template: template file \"missing.txt\" not found"), run.stderr)

        let both = await CommandLineRun.run(["run", broken.path, "--provider", config, "--model", "m.gguf"])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("give either --model or --provider"), both.stderr)

        let flow = try TestFlows.prompts.appendingPathComponent("flows/genes.json").path
        let badInput = await CommandLineRun.run(["run", flow, "--input", "=3", "--provider", config, "--db", db])
        XCTAssertEqual(badInput.stderr, "error: --input =3: expected NAME=VALUE\n")
        let missing = await CommandLineRun.run(["run", flow, "--input", "case=c", "--provider", config, "--db", db])
        XCTAssertTrue(missing.stderr.contains("input \"genes\" is missing"), missing.stderr)

        let absent = directory.appendingPathComponent("absent.sqlite").path
        let none = await CommandLineRun.run(["runs", "list", "--db", absent])
        XCTAssertEqual(none.stderr, "error: no provenance database at \(absent) (give --db PATH or set CONSILIUM_DB)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: absent), "looking at runs creates no database")
        XCTAssertEqual(model.answeredCount, 0)
    }

    /// A run cancelled part-way is recorded as interrupted; `consilium run --resume` finishes it
    /// without asking again for the calls it had recorded.
    func testACancelledRunIsInterruptedAndResumedFromTheCommandLine() async throws {
        let model = try FakeOpenAIModel()
        model.holdAfter(2)
        let directory = try temporaryDirectory(self)
        let db = directory.appendingPathComponent("runs.sqlite").path
        let store = try ProvenanceStore(path: db)
        let flow = try TestFlows.prompts.appendingPathComponent("flows/genes.json").path
        let run = RunID.generate()
        let runner = try TestFlows.runner(store: store, model: model)
        let inputs = TestFlows.genesInputs(["A1", "A2", "A3", "A4", "A5"], expected: ["A1"])
        let task = Task { try await runner.run(try TestFlows.load("genes"), inputs: inputs, runID: run) }
        let deadline = Date().addingTimeInterval(30)
        while try store.calls(run: run).count < 2, Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
        task.cancel()
        let outcome = await task.result
        model.dropHeld()
        XCTAssertThrowsError(try outcome.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
        XCTAssertEqual(try store.run(run)?.status, .interrupted)
        XCTAssertEqual(try store.calls(run: run).count, 2)

        let resumed = await CommandLineRun.run(["run", flow, "--resume", run.rawValue, "--provider",
                                                try providerConfig(model, in: directory), "--db", db, "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(resumed.stderr, "resuming run \(run)\n")
        let result = try JSONValue(parsing: resumed.stdout)
        XCTAssertEqual(result["statistics"]?["replayed_calls"], 2)
        XCTAssertEqual(result["statistics"]?["provider_calls"], 3)
        XCTAssertEqual(model.answeredCount, 5)
        XCTAssertEqual(Set(model.answeredBodies.values), [1])
        XCTAssertEqual(try store.run(run)?.status, .succeeded)
    }
}
