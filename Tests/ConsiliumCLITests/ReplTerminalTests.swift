import Foundation
import Provenance
import Support
import TestSupport
import XCTest

/// `consilium repl` as a separate process: in a pseudo-terminal, typed at like a person (prompt,
/// colours, streamed answer, status line, Ctrl-C), and on a pipe as a script (no prompt, no colours).
final class ReplTerminalTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("repl-terminal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    var database: String { directory.appendingPathComponent("provenance.sqlite").path }

    func start() throws -> PseudoTerminal {
        guard let executable = JsonStdinTests.executable else { throw XCTSkip("the consilium executable is not built beside the tests") }
        let model = try TestModels.path(TestModels.smollm2)
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = nil
        return try PseudoTerminal(executable: executable,
                                  arguments: ["repl", "--model", model, "--db", database, "--threads", "2"],
                                  environment: environment)
    }

    /// The run id the session printed at its start.
    func runID(on screen: String) throws -> RunID {
        let match = try XCTUnwrap(screen.range(of: #"run [0-9a-f-]{36}"#, options: .regularExpression), "no run id on the screen")
        return RunID(String(screen[match].dropFirst(4)))
    }

    func testTypedCommandsAndAQuestionShowOnTheScreen() throws {
        let terminal = try start()
        let prompt = "\(TestModels.smollm2)> "
        try terminal.waitFor(prompt)
        XCTAssertTrue(terminal.screen.contains("\u{1B}["), "a terminal gets colours")

        // Each line is typed once the prompt is back, as a person would, so the terminal's echo
        // of the line follows the prompt on the screen.
        func enter(_ line: String) throws -> String {
            let mark = terminal.mark
            terminal.type(line + "\n")
            return try terminal.waitFor(after: mark, "the prompt after \(line)") { $0.hasSuffix(prompt + "\u{1B}[0m") }
        }
        let help = try enter("/help")
        XCTAssertTrue(help.contains("/set NAME VALUE|default"), help)
        XCTAssertTrue(help.contains("/schema [FILE|off]"), help)
        XCTAssertTrue(help.contains("Ctrl-C stops an answer"), help)
        XCTAssertTrue(try enter("/set max_tokens 8").contains("max_tokens = 8"))
        XCTAssertTrue(try enter("/sett temperature 1").contains("error: /sett: unknown command; did you mean /set?"))

        let answer = try enter("What is the capital of France?")
        XCTAssertNotNil(answer.range(of: #"\[[1-8] tokens, [0-9.]+ s, [0-9.]+ tok/s; (stop|cut at the token limit); call 1\]"#,
                                     options: .regularExpression), answer)
        // The streamed text sits between the echoed question and the status line.
        let question = try XCTUnwrap(answer.range(of: "What is the capital of France?"))
        let status = try XCTUnwrap(answer.range(of: #"\[[1-8] tokens"#, options: .regularExpression))
        let streamed = answer[question.upperBound..<status.lowerBound]
            .replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(streamed.isEmpty, "no answer text streamed: \(answer)")

        terminal.type("/quit\n")
        XCTAssertEqual(terminal.exitStatus(), 0, terminal.screen)
        XCTAssertTrue(terminal.screen.contains("consilium runs show"), terminal.screen)

        let store = try ProvenanceStore(path: database)
        let id = try runID(on: terminal.screen)
        let calls = try store.calls(run: id)
        XCTAssertEqual(calls.count, 1)
        XCTAssertEqual(calls.first?.request.sampling["max_tokens"], 8)
        XCTAssertEqual(calls.first?.result.outcome.raw?.trimmingCharacters(in: .whitespacesAndNewlines), streamed)
        XCTAssertEqual(try store.run(id)?.status, .succeeded)
    }

    func testCtrlCStopsAnAnswerAndTwiceAtThePromptLeaves() throws {
        let terminal = try start()
        let prompt = "\(TestModels.smollm2)> "
        try terminal.waitFor(prompt)
        var mark = terminal.mark
        terminal.type("/set max_tokens 400\n")
        try terminal.waitFor(after: mark, "the prompt back") { $0.contains("max_tokens = 400") && $0.hasSuffix(prompt + "\u{1B}[0m") }

        mark = terminal.mark
        terminal.type("Write a long story about a dragon who learns to read.\n")
        // Some answer text after the echoed line, then Ctrl-C while it is still streaming.
        try terminal.waitFor(after: mark, "the answer to start") { text in
            guard let echo = text.range(of: "read.\r\n") else { return false }
            return text[echo.upperBound...].count > 20
        }
        terminal.type("\u{03}")
        try terminal.waitFor("[stopped after", after: mark)
        try terminal.waitFor(prompt, after: mark)

        // The REPL is still there and the stopped answer is not in the conversation.
        mark = terminal.mark
        terminal.type("/history\n")
        let history = try terminal.waitFor(prompt, after: mark)
        XCTAssertTrue(history.contains("the conversation is empty"), history)

        mark = terminal.mark
        terminal.type("\u{03}")
        try terminal.waitFor("Ctrl-C again", after: mark)
        terminal.type("\u{03}")
        XCTAssertEqual(terminal.exitStatus(), 0, terminal.screen)

        let calls = try ProvenanceStore(path: database).calls(run: try runID(on: terminal.screen))
        XCTAssertEqual(calls.map(\.result.outcome.name), ["failed"])
        XCTAssertEqual(calls.first?.result.outcome.error, "stopped by the user (Ctrl-C)")
    }

    func testPipedLinesRunAsAScriptWithoutPromptOrColours() throws {
        guard let executable = JsonStdinTests.executable else { throw XCTSkip("the consilium executable is not built beside the tests") }
        let model = try TestModels.path(TestModels.smollm2)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["repl", "--model", model, "--db", database, "--threads", "2"]
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("/set max_tokens 4\nWhat is the capital of France?\n/settings\n".utf8))
        try input.fileHandleForWriting.close()  // the end of input ends the session, as /quit would
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        XCTAssertEqual(process.terminationStatus, 0, stderr)
        XCTAssertFalse((stdout + stderr).contains("\u{1B}"), "no ANSI codes off a terminal")
        XCTAssertFalse(stdout.contains("> "), "no prompt off a terminal: \(stdout)")
        XCTAssertTrue(stdout.contains("max_tokens   4"), stdout)
        XCTAssertNotNil(stderr.range(of: #"\[4 tokens, [0-9.]+ s"#, options: .regularExpression), stderr)
        let calls = try ProvenanceStore(path: database).calls(run: try runID(on: stderr))
        XCTAssertEqual(calls.count, 1)
        // The answer on stdout is the one recorded.
        let answer = try XCTUnwrap(calls.first?.result.outcome.raw)
        XCTAssertTrue(stdout.hasPrefix(answer), "stdout: \(stdout)\nrecorded: \(answer)")
    }
}
