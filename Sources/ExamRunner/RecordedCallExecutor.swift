import Foundation
import Provenance
import Providers

/// One call a run makes, fixed before it is asked: where it sits in the run (the key's first
/// attempt), the request as recorded (its identity is the cache key), and how to ask it.
struct PlannedCall: Sendable {
    let key: CallKey
    let request: CallRequest
    /// Asks the model. Throws only `CancellationError` (a call that did not end); every other
    /// failure is returned as a `.failed` outcome so that it is recorded.
    let ask: @Sendable () async throws -> CallResult
}

/// Where one call's answer came from in this execution.
struct CallSource: Sendable {
    enum Origin: Sendable { case asked, cache, recorded }
    let origin: Origin
    /// The answer is a transport (or scorer) failure.
    let failed: Bool
    /// A failed call asked again (`--retry-errors`).
    let retried: Bool
}

/// The discipline every exam, judge and case-answer call goes through: a call the run already
/// recorded is not asked again (resume); with `retryErrors` a failed one is asked again as
/// attempt n + 1; an identical call of another run is reused (recorded as a cache hit); a new
/// answer is committed to the store before anything reads it; a cancelled call is not recorded.
struct RecordedCallExecutor: Sendable {
    let runID: RunID
    let store: ProvenanceStore
    let noCache: Bool

    /// Makes sure `call` has a recorded answer in the run.
    /// - Parameter previous: the run's latest recorded attempt of this call, if any.
    func ensure(_ call: PlannedCall, previous: StoredCall?, retryErrors: Bool) async throws -> CallSource {
        var key = call.key
        var retried = false
        if let previous {
            guard previous.identity == call.request.identity else {
                throw ExamRunError.callChanged(run: runID, key: previous.key.description)
            }
            let failed = previous.result.outcome.error != nil
            guard failed, retryErrors else { return CallSource(origin: .recorded, failed: failed, retried: false) }
            key = CallKey(step: call.key.step, item: call.key.item, attempt: previous.key.attempt + 1)
            retried = true
        }
        if !noCache, let cached = try store.cachedCall(call.request.identity) {
            try store.recordCacheHit(run: runID, key: key, request: call.request, cached: cached)
            return CallSource(origin: .cache, failed: false, retried: retried)
        }
        let result = try await call.ask()
        try store.recordCall(run: runID, key: key, request: call.request, result: result)
        return CallSource(origin: .asked, failed: result.outcome.error != nil, retried: retried)
    }

    /// One step of `count` calls as the run records it: the step started, every call made sure of
    /// (`ensure`, at most `limit` in flight, `progress` after each), the step finished. On an error
    /// the step and the run are marked failed before it is rethrown, so a resume knows to continue.
    /// - Parameter recorded: the run's latest call per key (`latest`), for a resume.
    func runStep(_ name: String, kind: String, count: Int, limit: Int, recorded: [CallKey: StoredCall], retryErrors: Bool,
                 progress: @escaping @Sendable (ExamProgress) -> Void,
                 call: @escaping @Sendable (Int) throws -> PlannedCall) async throws -> [CallSource] {
        try store.startStep(run: runID, name: name, kind: kind)
        let counter = CallProgressCounter(total: count)
        let sources: [CallSource]
        do {
            sources = try await BoundedTasks.run(count: count, limit: limit) { index in
                let planned = try call(index)
                let source = try await ensure(planned, previous: recorded[planned.key], retryErrors: retryErrors)
                progress(counter.advance(source))
                return source
            }
        } catch {
            _ = try? store.finishStep(run: runID, name: name, .failed(error: "\(error)"))
            try? store.finishRun(runID, .failed)
            throw error
        }
        try store.finishStep(run: runID, name: name, .succeeded)
        return sources
    }

    /// A chat completion as a recorded result: a `ProviderFailure` (or any other error) is a failed
    /// call; cancellation is rethrown, unrecorded, so a resume asks again.
    /// - Parameter emptyReplyIsAnswer: a server reply with no text is the model's (empty) answer,
    ///   not a transport error (exam and case answers, which count empty answers apart).
    static func complete(_ chat: ChatRequest, on provider: any ModelProvider, emptyReplyIsAnswer: Bool) async throws -> CallResult {
        do {
            let response = try await provider.complete(chat)
            return CallResult(outcome: .text(raw: response.text), reportedModel: response.reportedModel,
                              promptTokens: response.usage.promptTokens, completionTokens: response.usage.completionTokens,
                              latencyMilliseconds: response.latency * 1000)
        } catch is CancellationError {
            throw CancellationError()
        } catch let failure as ProviderFailure where emptyReplyIsAnswer && failure.reason == .emptyReply {
            return CallResult(outcome: .text(raw: ""), latencyMilliseconds: failure.latency * 1000)
        } catch let failure as ProviderFailure {
            return CallResult(outcome: .failed(error: failure.description, raw: nil), latencyMilliseconds: failure.latency * 1000)
        } catch {
            return CallResult(outcome: .failed(error: "\(error)", raw: nil), latencyMilliseconds: 0)
        }
    }

    /// The latest attempt of each call key, keyed by the first attempt's key (a retried failure is superseded).
    static func latest(_ calls: [StoredCall], step: String? = nil) -> [CallKey: StoredCall] {
        var byKey: [CallKey: StoredCall] = [:]
        for call in calls where step.map({ call.key.step == $0 }) ?? true {
            let key = CallKey(step: call.key.step, item: call.key.item)
            if let known = byKey[key], known.key.attempt >= call.key.attempt { continue }
            byKey[key] = call
        }
        return byKey
    }
}

/// Progress of one execution, counted as calls finish (from any task).
final class CallProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0, asked = 0, errors = 0
    let total: Int

    init(total: Int) { self.total = total }

    func advance(_ source: CallSource) -> ExamProgress {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if source.failed { errors += 1 }
        if source.origin == .asked { asked += 1 }
        return ExamProgress(done: done, total: total, asked: asked, transportErrors: errors)
    }
}
