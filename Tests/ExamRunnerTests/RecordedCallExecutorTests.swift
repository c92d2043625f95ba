@testable import ExamRunner
import Exams
import Foundation
import Provenance
import Providers
import Support
import TestSupport
import XCTest

/// The one call executor through a real SQLite store and an OpenAI-compatible endpoint on
/// loopback (LoopbackHTTPServer): resume, retry as attempt n + 1, cache hits across runs, and a
/// cancelled call left unrecorded.
final class RecordedCallExecutorTests: XCTestCase {
    static let ok = JSONValue.object([
        "id": "c", "object": "chat.completion", "created": 1, "model": "exec-model",
        "choices": [["index": 0, "message": ["role": "assistant", "content": "Give 45 Gy."], "finish_reason": "stop"]],
        "usage": ["prompt_tokens": 20, "completion_tokens": 4, "total_tokens": 24],
    ]).canonicalText

    struct Fixture {
        let store: ProvenanceStore
        let model: ExamModel
    }

    func fixture(_ server: LoopbackHTTPServer) throws -> Fixture {
        let dir = try ExamFixtures.directory(self)
        let json = try JSONValue(parsing: Data("""
            {"kind": "openai", "base_url": "\(server.baseURL.absoluteString)", "model": "exec-model", "api_key_env": null,
             "max_concurrency": 1, "timeout": 30, "retry": {"max_attempts": 1}}
            """.utf8))
        let (model, _) = try ExamModelSource.config(try ProviderConfig(json: json), json: json)
            .make(environment: [:], concurrency: nil, localScorer: { _ in nil })
        return Fixture(store: try ProvenanceStore(path: "\(dir)/prov.sqlite"), model: model)
    }

    func newRun(_ store: ProvenanceStore) throws -> RunID {
        let id = RunID.generate()
        try store.createRun(RunSpec(id: id, flowID: "test.executor", flowVersion: "1", flowHash: ContentHash.of("executor"),
                                    inputs: [:], parameters: [:], consiliumVersion: "test"))
        try store.startStep(run: id, name: "answer", kind: "test")
        return id
    }

    func call(_ model: ExamModel, question: String = "Which dose?") -> PlannedCall {
        let chat = ChatRequest(messages: [.user(question)], sampling: Sampling(temperature: 0, maxTokens: 32, seed: 0))
        let request = CallRequest(model: model.identity, messages: ChatRequest.Message.recordJSON(chat.messages),
                                  sampling: chat.sampling.recordJSON)
        return PlannedCall(key: CallKey(step: "answer", item: "case-1"), request: request) {
            try await RecordedCallExecutor.complete(chat, on: model.registered.provider, emptyReplyIsAnswer: true)
        }
    }

    func testARecordedCallIsNotAskedAgainAndAnIdenticalCallOfAnotherRunIsACacheHit() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, Self.ok) }
        defer { server.stop() }
        let f = try fixture(server)
        let run = try newRun(f.store)
        let executor = RecordedCallExecutor(runID: run, store: f.store, noCache: false)
        let planned = call(f.model)
        let first = try await executor.ensure(planned, previous: nil, retryErrors: false)
        XCTAssertEqual(first.origin, .asked)
        XCTAssertEqual(server.requests.count, 1)
        let recorded = try f.store.calls(run: run)
        XCTAssertEqual(recorded.map(\.result.outcome), [.text(raw: "Give 45 Gy.")], "committed before ensure returns")

        // Resume: the run's own record answers, nothing is asked.
        let again = try await executor.ensure(planned, previous: recorded[0], retryErrors: true)
        XCTAssertEqual(again.origin, .recorded)
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(try f.store.calls(run: run).count, 1)

        // Another run, the same call: served from the cache and recorded as a hit.
        let other = try newRun(f.store)
        let cached = try await RecordedCallExecutor(runID: other, store: f.store, noCache: false).ensure(planned, previous: nil, retryErrors: false)
        XCTAssertEqual(cached.origin, .cache)
        XCTAssertEqual(server.requests.count, 1)
        let hit = try XCTUnwrap(f.store.calls(run: other).first)
        XCTAssertTrue(hit.cacheHit)
        XCTAssertEqual(hit.cachedFrom, recorded[0].number)
        XCTAssertEqual(hit.result.outcome.raw, "Give 45 Gy.")

        // --no-cache asks the model again.
        let third = try newRun(f.store)
        let fresh = try await RecordedCallExecutor(runID: third, store: f.store, noCache: true).ensure(planned, previous: nil, retryErrors: false)
        XCTAssertEqual(fresh.origin, .asked)
        XCTAssertEqual(server.requests.count, 2)
    }

    func testAFailedCallIsRecordedAndAskedAgainOnlyWithRetryErrorsAsTheNextAttempt() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? ReplyStep.json(500, #"{"error":{"message":"overloaded"}}"#) : ReplyStep.json(200, Self.ok)
        }
        defer { server.stop() }
        let f = try fixture(server)
        let run = try newRun(f.store)
        let executor = RecordedCallExecutor(runID: run, store: f.store, noCache: false)
        let planned = call(f.model)
        let failed = try await executor.ensure(planned, previous: nil, retryErrors: false)
        XCTAssertEqual(failed.origin, .asked)
        XCTAssertTrue(failed.failed)
        let record = try XCTUnwrap(f.store.calls(run: run).first)
        XCTAssertEqual(record.result.outcome.name, "failed")
        XCTAssertTrue(record.result.outcome.error?.contains("500") ?? false, record.result.outcome.error ?? "")

        let kept = try await executor.ensure(planned, previous: record, retryErrors: false)
        XCTAssertEqual(kept.origin, .recorded)
        XCTAssertTrue(kept.failed)
        XCTAssertEqual(server.requests.count, 1)

        let retried = try await executor.ensure(planned, previous: record, retryErrors: true)
        XCTAssertEqual(retried.origin, .asked)
        XCTAssertTrue(retried.retried)
        XCTAssertFalse(retried.failed)
        let calls = try f.store.calls(run: run)
        XCTAssertEqual(calls.map(\.key.attempt), [1, 2])
        XCTAssertEqual(RecordedCallExecutor.latest(calls)[planned.key]?.key.attempt, 2, "the retry supersedes the failure")
    }

    func testAChangedRequestIsRefusedOnResume() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, Self.ok) }
        defer { server.stop() }
        let f = try fixture(server)
        let run = try newRun(f.store)
        let executor = RecordedCallExecutor(runID: run, store: f.store, noCache: false)
        _ = try await executor.ensure(call(f.model), previous: nil, retryErrors: false)
        let record = try XCTUnwrap(f.store.calls(run: run).first)
        do {
            _ = try await executor.ensure(call(f.model, question: "Which dose now?"), previous: record, retryErrors: false)
            XCTFail("a recorded call that asked something else must not be reused")
        } catch let error as ExamRunError {
            guard case .callChanged(let id, let key) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(id, run)
            XCTAssertEqual(key, "answer[case-1]#1")
        }
    }

    func testACancelledCallIsNotRecorded() async throws {
        let server = try LoopbackHTTPServer { _, _ in [.sleep(3)] + ReplyStep.json(200, Self.ok) }
        defer { server.stop() }
        let f = try fixture(server)
        let run = try newRun(f.store)
        let executor = RecordedCallExecutor(runID: run, store: f.store, noCache: false)
        let planned = call(f.model)
        let task = Task { try await executor.ensure(planned, previous: nil, retryErrors: false) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        let outcome = await task.result
        XCTAssertThrowsError(try outcome.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(try f.store.calls(run: run), [], "a call that did not end leaves no record; a resume asks it again")
    }
}
