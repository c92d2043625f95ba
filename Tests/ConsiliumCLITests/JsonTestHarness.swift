import ConsiliumCLI
import FlowRunner
import Foundation
import Support
import XCTest

/// Runs `consilium json` through `Consilium.main` with its requests in a temporary file, and holds
/// a fresh, empty provenance database for ops that read one.
struct JsonTestHarness {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Each stdout line parsed: every line must be one JSON object.
        var responses: [JSONValue]
    }

    let directory: URL
    let database: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("consilium-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("provenance.sqlite").path
        _ = try FlowLaunch.openStore(database)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The environment of this process with `CONSILIUM_DB` at the harness's database.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["CONSILIUM_DB"] = database
        return environment
    }

    func run(_ input: String, lines: Bool = false, file: StaticString = #filePath, line: UInt = #line) async throws -> Output {
        let path = directory.appendingPathComponent("requests-\(UUID().uuidString).json").path
        try Data(input.utf8).write(to: URL(fileURLWithPath: path))
        let stdout = StringWriter(), stderr = StringWriter()
        let context = CommandContext(stdout: stdout, stderr: stderr, environment: environment)
        let status = await Consilium.main(["consilium", "json", "--input", path] + (lines ? ["--lines"] : []), context: context)
        let responses = try stdout.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { text in
            let value = try JSONValue(parsing: String(text))
            XCTAssertNotNil(value.objectValue, "a stdout line is not a JSON object: \(text)", file: file, line: line)
            return value
        }
        XCTAssertTrue(stdout.text.isEmpty || stdout.text.hasSuffix("\n"), "stdout does not end with a newline", file: file, line: line)
        return Output(status: status, stdout: stdout.text, stderr: stderr.text, responses: responses)
    }
}
