@testable import ConsiliumCLI
import FlowRunner
import Foundation
import Provenance
import Providers
import Support
import TestSupport
import XCTest

/// The REPL's session and loop without a terminal, on the real SmolLM2 model and a real SQLite file.
final class ReplSessionTests: ReplTestCase {
    /// Asks and returns the answer, failing on any other outcome; also checks the stream added up to it.
    func answer(_ session: ReplSession, _ question: String, file: StaticString = #filePath, line: UInt = #line)
        async throws -> (response: ChatResponse, outcome: CallOutcome) {
        let streamed = StringWriter()
        let turn = try await session.ask(question) { streamed.write($0) }
        guard case .answered(let response, let outcome, _) = turn else {
            XCTFail("expected an answer, got \(turn)", file: file, line: line)
            throw CancellationError()
        }
        if session.schema == nil { XCTAssertEqual(streamed.text, response.text, "the streamed pieces make the answer", file: file, line: line) }
        return (response, outcome)
    }

    // MARK: Questions and their records

    func testAMessageIsAnsweredAndRecordedUnderTheSessionsRun() async throws {
        let session = try makeSession(system: "You are terse.")
        let (response, outcome) = try await answer(session, "What is the capital of France?")
        XCTAssertFalse(response.text.isEmpty)
        XCTAssertEqual(outcome, .text(raw: response.text))
        XCTAssertEqual(session.history, [.user("What is the capital of France?"), .assistant(response.text)])

        // A second process's view of the file: the run, its step and the call as sent.
        let store = try ProvenanceStore(path: database)
        let run = try XCTUnwrap(try store.run(session.runID))
        XCTAssertEqual(run.flowID, "repl")
        XCTAssertEqual(run.status, .running)
        let calls = try store.calls(run: session.runID)
        XCTAssertEqual(calls.count, 1)
        let call = try XCTUnwrap(calls.first)
        XCTAssertEqual(call.key, CallKey(step: "chat", item: "turn-1", attempt: 1))
        XCTAssertEqual(call.request.messages, [["role": "system", "content": "You are terse."],
                                               ["role": "user", "content": "What is the capital of France?"]])
        XCTAssertEqual(call.request.model.provider, "local")
        XCTAssertNotNil(call.request.model.localFile?.sha256)
        XCTAssertEqual(call.result.outcome, .text(raw: response.text))
        XCTAssertEqual(call.result.completionTokens, response.usage.completionTokens)

        try session.recorder.finish()
        let summary = try RunReport.summary(store: store, run: session.runID)
        XCTAssertEqual(summary["run"]?["status"], "succeeded")
        XCTAssertEqual(summary["calls"]?["total"], 1)
        XCTAssertEqual(summary["steps"]?[0]?["status"], "succeeded")
    }

    func testSetChangesTheNextCallsSampling() async throws {
        let session = try makeSession()
        for line in ["/set max_tokens 3", "/set temperature 0.8", "/set seed 7", "/set top_k 20"] {
            guard case .command(.set(let setting, let value)) = try ReplLine.parse(line) else { return XCTFail(line) }
            session.set(setting, to: value)
        }
        let (response, _) = try await answer(session, "Write a long poem about the sea.")
        XCTAssertEqual(response.usage.completionTokens, 3)
        XCTAssertEqual(response.finishReason, .length)
        let sampling = try XCTUnwrap(try session.recorder.calls().last?.request.sampling)
        XCTAssertEqual(sampling["max_tokens"], 3)
        XCTAssertEqual(sampling["temperature"], 0.8)
        XCTAssertEqual(sampling["seed"], 7)
        XCTAssertEqual(sampling["top_k"], 20)
        XCTAssertEqual(sampling["top_p"], JSONValue.null, "unset settings are recorded as left to the provider")

        // Back to the provider's default: recorded as unset, and the local default (256) applies.
        session.set(.maxTokens, to: try SamplingSetting.maxTokens.value("default"))
        XCTAssertNil(session.sampling.maxTokens)
    }

    func testSchemaYieldsJSONThatParsesAndMeetsIt() async throws {
        let session = try makeSession(sampling: Sampling(maxTokens: 40))
        let file = directory.appendingPathComponent("answer.json")
        try Data(#"{"type": "object", "properties": {"answer": {"type": "string", "enum": ["yes", "no"]}}, "required": ["answer"], "additionalProperties": false}"#.utf8)
            .write(to: file)
        guard case .command(.schema(.set(let path))) = try ReplLine.parse("/schema \(file.path)") else { return XCTFail("not /schema") }
        session.setSchema(try ReplSchema.read(path, forLocalModel: session.model.isLocal))

        let (response, outcome) = try await answer(session, "Is Paris the capital of France? Answer in JSON.")
        let value = try JSONValue(parsing: response.text)
        XCTAssertTrue(["yes", "no"].contains(value["answer"]?.stringValue), response.text)
        XCTAssertEqual(outcome.name, "valid")
        let call = try XCTUnwrap(try session.recorder.calls().last)
        XCTAssertEqual(call.result.outcome.parsed, value)
        XCTAssertNotNil(call.request.schemaHash)

        session.setSchema(nil)
        let (_, free) = try await answer(session, "Say hello.")
        XCTAssertEqual(free.name, "text")
    }

    func testResetClearsTheConversationAndRetryReplacesTheLastAnswer() async throws {
        let session = try makeSession()
        _ = try await answer(session, "Name a colour.")
        _ = try await answer(session, "Name another one.")
        XCTAssertEqual(session.history.count, 4)

        // /retry asks the last question again as the next attempt of the same turn.
        let retried = try await session.retry { _ in }
        guard case .answered = retried else { return XCTFail("\(retried)") }
        XCTAssertEqual(session.history.count, 4)
        XCTAssertEqual(session.history[2], .user("Name another one."))
        let keys = try session.recorder.calls().map(\.key.description)
        XCTAssertEqual(keys, ["chat[turn-1]#1", "chat[turn-2]#1", "chat[turn-2]#2"])
        XCTAssertEqual(try session.recorder.calls().last?.request.messages.arrayValue?.count, 3, "sent after the first pair only")

        session.reset()
        XCTAssertTrue(session.history.isEmpty)
        do {
            _ = try await session.retry { _ in }
            XCTFail("/retry after /reset asked again")
        } catch {
            XCTAssertTrue("\(error)".hasPrefix("/retry: no question"), "\(error)")
        }
        _ = try await answer(session, "Name a fruit.")
        XCTAssertEqual(try session.recorder.calls().last?.request.messages, [["role": "user", "content": "Name a fruit."]])
    }

    func testCancellingAnAnswerStopsItAndRecordsWhatWasSent() async throws {
        let session = try makeSession(sampling: Sampling(maxTokens: 200))
        let interrupts = InterruptSwitch()
        let task = Task { try await session.ask("Write a long story about a dragon.") { _ in _ = interrupts.fire() } }
        interrupts.arm { task.cancel() }
        let turn = try await task.value
        guard case .cancelled(let partial, _) = turn else { return XCTFail("expected a stopped answer, got \(turn)") }
        XCTAssertFalse(partial.isEmpty)
        XCTAssertTrue(session.history.isEmpty, "a stopped answer is not part of the conversation")
        let call = try XCTUnwrap(try session.recorder.calls().last)
        XCTAssertEqual(call.result.outcome, .failed(error: "stopped by the user (Ctrl-C)", raw: partial))
    }

    // MARK: The loop on a script

    func testAScriptRunsThroughTheLoopAndSurvivesBadLines() async throws {
        let session = try makeSession(sampling: Sampling())
        let transcript = directory.appendingPathComponent("transcript.json").path
        let input = ScriptedInput(["/help", "/set max_tokens 4", "/bogus", "Hello!", "", "/set top_p 2",
                                   "/save \(transcript)", "/reset", "/history", "/load \(transcript)", "/history",
                                   "/last", "/quit", "never read"])
        let output = StringWriter(), notes = StringWriter()
        let status = await ReplLoop(session: session, input: input, output: output, notes: notes, style: .plain,
                                    interactive: false, loader: loader).run()
        XCTAssertEqual(status, 1, "two lines failed")
        XCTAssertTrue(output.text.contains("/retry  "), output.text)
        XCTAssertTrue(notes.text.contains("error: /bogus: unknown command (/help lists them)"), notes.text)
        XCTAssertTrue(notes.text.contains(#"error: /set: top_p: expected a number above 0 and at most 1 or "default", found "2""#), notes.text)
        XCTAssertNotNil(notes.text.range(of: #"\[4 tokens, [0-9.]+ s, [0-9.]+ tok/s; cut at the token limit; call [0-9]+\]"#,
                                         options: .regularExpression), notes.text)
        XCTAssertTrue(output.text.contains("the conversation is empty"), output.text)
        XCTAssertTrue(output.text.contains("user: Hello!\nassistant: "), "the loaded transcript: \(output.text)")
        XCTAssertTrue(output.text.contains(#""key": "chat[turn-1]#1""#), "/last shows the stored call: \(output.text)")
        XCTAssertFalse(output.text.contains("\u{1B}"))
        XCTAssertEqual(input.remaining, ["never read"])

        let saved = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: transcript)))
        XCTAssertEqual(saved["run_id"]?.stringValue, session.runID.rawValue)
        XCTAssertEqual(saved["sampling"]?["max_tokens"], 4)
        XCTAssertEqual(saved["messages"]?.arrayValue?.count, 2)
        XCTAssertEqual(try ProvenanceStore(path: database).run(session.runID)?.status, .succeeded)
    }

    // MARK: A remote endpoint

    func testProviderSwitchesToARemoteEndpointWhoseKeyNeverReachesTheStore() async throws {
        @Sendable func chunk(_ delta: String, finish: String? = nil) -> String {
            let reason = finish.map { "\"\($0)\"" } ?? "null"
            return #"data: {"id":"c","object":"chat.completion.chunk","model":"served-model","choices":[{"index":0,"delta":{"content":"#
                + JSONValue.string(delta).canonicalText + #"},"finish_reason":"# + reason + "}]}\n\n"
        }
        let usage = #"data: {"id":"c","object":"chat.completion.chunk","model":"served-model","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"# + "\n\n"
        let server = try LoopbackHTTPServer { _, _ in
            ReplyStep.sse([chunk("Bonjour"), chunk(" !", finish: "stop"), usage, "data: [DONE]\n\n"])
        }
        defer { server.stop() }
        let key = "sk-repl-test-\(UUID().uuidString)"
        let config = directory.appendingPathComponent("remote.json")
        try Data(#"{"kind": "openai", "base_url": "\#(server.baseURL.absoluteString)", "model": "test-model", "api_key_env": "REPL_TEST_KEY", "retry": {"max_attempts": 1}}"#.utf8)
            .write(to: config)
        var environment = ProcessInfo.processInfo.environment
        environment["REPL_TEST_KEY"] = key
        let remoteLoader = ReplModelLoader(threads: 2, context: CommandContext(stdout: StringWriter(), stderr: StringWriter(), environment: environment))

        let session = try makeSession(sampling: Sampling())
        let input = ScriptedInput(["/provider \(config.path)", "/set max_tokens 5", "Say hello in French.", "/settings"])
        let output = StringWriter(), notes = StringWriter()
        let status = await ReplLoop(session: session, input: input, output: output, notes: notes, style: .plain,
                                    interactive: false, loader: remoteLoader).run()
        XCTAssertEqual(status, 0, notes.text)
        XCTAssertTrue(output.text.hasPrefix("Bonjour !\n"), "the streamed answer: \(output.text)")
        XCTAssertTrue(notes.text.contains("[2 tokens, "), notes.text)
        XCTAssertTrue(output.text.contains("model        test-model (openai test-model at \(server.baseURL.absoluteString))"), output.text)

        let request = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(request.headers["authorization"], "Bearer \(key)")
        let body = try JSONValue(parsing: request.body)
        XCTAssertEqual(body["max_tokens"], 5)
        XCTAssertEqual(body["messages"], [["role": "user", "content": "Say hello in French."]])

        let call = try XCTUnwrap(try session.recorder.calls().last)
        XCTAssertEqual(call.request.model.provider, "openai \(server.baseURL.absoluteString)")
        XCTAssertEqual(call.result.reportedModel, "served-model")
        XCTAssertEqual(call.result.outcome, .text(raw: "Bonjour !"))
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: database + suffix))) ?? Data()
            XCTAssertNil(bytes.range(of: Data(key.utf8)), "the API key is in \(database + suffix)")
        }
    }
}

/// A test's lines, then the end of input.
final class ScriptedInput: ReplInput, @unchecked Sendable {
    let interrupts = InterruptSwitch()
    private(set) var remaining: [String]

    init(_ lines: [String]) { remaining = lines }

    func next(prompt: String) async -> ReplEvent {
        guard !remaining.isEmpty else { return .end }
        return .line(remaining.removeFirst())
    }
}
