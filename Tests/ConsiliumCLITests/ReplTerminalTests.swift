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

    static let prompt = "\(TestModels.smollm2)> "

    /// Types `keys` once the prompt is back, as a person would, and waits for the next prompt (the
    /// editor shows it once the terminal is in raw mode, so the next keys are read as keys).
    func enter(_ keys: String, on terminal: PseudoTerminal) throws -> String {
        let mark = terminal.mark
        terminal.type(keys)
        return try terminal.waitFor(after: mark, "the prompt after \(keys.debugDescription)") { $0.hasSuffix(Self.prompt + "\u{1B}[0m") }
    }

    /// The run id the session printed at its start.
    func runID(on screen: String) throws -> RunID {
        let match = try XCTUnwrap(screen.range(of: #"run [0-9a-f-]{36}"#, options: .regularExpression), "no run id on the screen")
        return RunID(String(screen[match].dropFirst(4)))
    }

    func testTypedCommandsAndAQuestionShowOnTheScreen() throws {
        let terminal = try start()
        let prompt = Self.prompt
        try terminal.waitFor(prompt)
        XCTAssertTrue(terminal.screen.contains("\u{1B}["), "a terminal gets colours")

        func enter(_ line: String) throws -> String { try self.enter(line + "\n", on: terminal) }
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
        let question = try XCTUnwrap(answer.range(of: "What is the capital of France?", options: .backwards))
        let status = try XCTUnwrap(answer.range(of: #"\[[1-8] tokens"#, options: .regularExpression))
        let streamed = answer[question.upperBound..<status.lowerBound]
            .replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(streamed.isEmpty, "no answer text streamed: \(answer)")

        // The store as /runs and /calls show it: this session's run with its one call.
        let id = try runID(on: terminal.screen)
        let runs = try enter("/runs")
        XCTAssertNotNil(runs.range(of: "\(id)  running  repl v1  1      ", options: .literal), runs)
        let listed = try enter("/calls \(id.rawValue.prefix(8))")
        XCTAssertNotNil(listed.range(of: #"1 +chat +turn-1 +1 +text +[0-9]+ +[0-9]+/[1-8]"#, options: .regularExpression), listed)

        terminal.type("/quit\n")
        XCTAssertEqual(terminal.exitStatus(), 0, terminal.screen)
        XCTAssertTrue(terminal.screen.contains("consilium runs show"), terminal.screen)

        let store = try ProvenanceStore(path: database)
        let calls = try store.calls(run: id)
        XCTAssertEqual(calls.count, 1)
        XCTAssertEqual(calls.first?.request.sampling["max_tokens"], 8)
        XCTAssertEqual(calls.first?.result.outcome.raw?.trimmingCharacters(in: .whitespacesAndNewlines), streamed)
        XCTAssertEqual(try store.run(id)?.status, .succeeded)
    }

    func testCtrlCStopsAnAnswerAndTwiceAtThePromptLeaves() throws {
        let terminal = try start()
        let prompt = Self.prompt
        try terminal.waitFor(prompt)
        XCTAssertTrue(try enter("/set max_tokens 400\n", on: terminal).contains("max_tokens = 400"))

        let mark = terminal.mark
        terminal.type("Write a long story about a dragon who learns to read.\n")
        // Some answer text after the echoed line, then Ctrl-C while it is still streaming.
        try terminal.waitFor(after: mark, "the answer to start") { text in
            guard let echo = text.range(of: "read.\u{1B}[K\r\n") else { return false }
            return text[echo.upperBound...].count > 20
        }
        terminal.type("\u{03}")
        try terminal.waitFor(after: mark, "the stopped answer and the prompt") {
            $0.contains("[stopped after") && $0.hasSuffix(Self.prompt + "\u{1B}[0m")
        }

        // The REPL is still there and the stopped answer is not in the conversation.
        let history = try enter("/history\n", on: terminal)
        XCTAssertTrue(history.contains("the conversation is empty"), history)

        XCTAssertTrue(try enter("\u{03}", on: terminal).contains("Ctrl-C again"))
        terminal.type("\u{03}")
        XCTAssertEqual(terminal.exitStatus(), 0, terminal.screen)

        let calls = try ProvenanceStore(path: database).calls(run: try runID(on: terminal.screen))
        XCTAssertEqual(calls.map(\.result.outcome.name), ["failed"])
        XCTAssertEqual(calls.first?.result.outcome.error, "stopped by the user (Ctrl-C)")
    }

    func testTheLineEditorMovesRecallsAndCompletes() throws {
        let terminal = try start()
        let prompt = Self.prompt
        try terminal.waitFor(prompt)
        func enter(_ keys: String) throws -> String { try self.enter(keys, on: terminal) }
        // Two lefts, a backspace over the typo, the right letter.
        XCTAssertTrue(try enter("/set max_tokenz 5\u{1B}[D\u{1B}[D\u{7F}s\r").contains("max_tokens = 5"))
        // Up recalls the line; it is edited at its end and sent again.
        XCTAssertTrue(try enter("\u{1B}[A\u{7F}7\r").contains("max_tokens = 7"))
        // Tab completes a command.
        let settings = try enter("/setti\t\r")
        XCTAssertTrue(settings.contains("/settings "), settings)
        XCTAssertTrue(settings.contains("max_tokens   7"), settings)
        // Tab with several candidates lists them.
        let listed = try enter("/re\t\t\u{15}\r")
        XCTAssertTrue(listed.contains("/reset  /retry"), listed)

        terminal.type("\u{04}")  // Ctrl-D at an empty prompt leaves
        XCTAssertEqual(terminal.exitStatus(), 0, terminal.screen)
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
