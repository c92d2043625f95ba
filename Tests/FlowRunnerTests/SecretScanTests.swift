import FlowRunner
import Foundation
import Provenance
import Support
import XCTest

/// A run with an API key in the environment leaves no trace of the key anywhere it writes: the
/// database (and its -wal and -shm files), the exports, standard output and standard error. One
/// item's server reply echoes the Authorization header back, so the key does reach the client.
final class SecretScanTests: XCTestCase {
    func testNoTraceOfTheAPIKey() async throws {
        let key = "sk-consilium-test-" + UUID().uuidString
        let model = try FakeOpenAIModel()
        let directory = try temporaryDirectory(self)
        let db = directory.appendingPathComponent("secret.sqlite").path
        let config = try providerConfig(model, in: directory, keyVariable: "CONSILIUM_TEST_API_KEY")
        let flow = try TestFlows.prompts.appendingPathComponent("flows/genes.json").path
        var environment = ProcessInfo.processInfo.environment
        environment["CONSILIUM_TEST_API_KEY"] = key

        var captured = ""
        let run = await CommandLineRun.run(["run", flow, "--provider", config, "--db", db, "--json",
                                            "--input", "case=c", "--input", #"genes=["SCN1A","ECHO1","REASK1"]"#,
                                            "--input", #"expected=["SCN1A"]"#], environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        captured += run.stdout + run.stderr
        XCTAssertEqual(model.receivedAuthorizations, ["Bearer \(key)"], "the key was sent")
        let runID = try XCTUnwrap(try JSONValue(parsing: run.stdout)["run_id"]?.stringValue)
        let failure = try XCTUnwrap(try JSONValue(parsing: run.stdout)["failures"]?[0]?["$failure"]?["reason"]?.stringValue)
        XCTAssertTrue(failure.contains("rejected credentials: Bearer [redacted]"), failure)

        for arguments in [["runs", "show", runID], ["runs", "export", runID], ["runs", "export", runID, "--prov"], ["runs", "list"]] {
            let output = await CommandLineRun.run(arguments + ["--db", db], environment: environment)
            XCTAssertEqual(output.status, 0, output.stderr)
            captured += output.stdout + output.stderr
        }
        XCTAssertFalse(captured.contains(key), "the key is in the captured output")

        let files = [db, db + "-wal", db + "-shm"].filter { FileManager.default.fileExists(atPath: $0) }
        XCTAssertTrue(files.contains(db))
        let needle = Data(key.utf8)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            XCTAssertNil(bytes.range(of: needle), "the key is in \(file)")
        }
        // The redacted echo did reach the store: the scan looked where the key would have been.
        let calls = try ProvenanceStore(path: db).calls(run: RunID(runID))
        XCTAssertTrue(calls.contains { $0.result.outcome.error?.contains("Bearer [redacted]") ?? false })
    }
}
