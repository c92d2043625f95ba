import Foundation
import Provenance
import Providers
import Support
import Workflow

/// One model call of a step, with its bounded re-ask: build the request, take the answer from the
/// run's own records (resume), the cache or the provider, record it, validate it.
///
/// Every answer is committed to the store before it is validated or returned, so nothing a later
/// step reads exists only in memory.
struct ModelCallExecutor: Sendable {
    let runID: RunID
    let store: TimedStore
    /// The run's calls recorded before this execution (resume); served instead of asking again.
    let recorded: [CallKey: StoredCall]
    let options: RunOptions
    let statistics: StatisticsBox

    /// The answer for one item: the validated value, or an `ItemFailure` as JSON.
    func answer(step: String, item: String, call: PlannedModelCall, context: [String: JSONValue],
                model: RegisteredModel, replicate: Int) async throws -> JSONValue {
        var messages: [ChatRequest.Message] = []
        do {
            if let system = call.system { messages.append(.system(try system.render(context))) }
            messages.append(.user(try call.template.render(context)))
        } catch {
            return ItemFailure(step: step, item: item, kind: .input, reason: "\(error)").json
        }
        let sampling = Self.sampling(step: call.sampling, run: options.sampling, replicate: replicate)
        // Not strict: servers' strict modes reject keywords flows may use (pattern, minimum); every
        // answer is validated here anyway.
        let schema = ResponseSchema(name: Self.schemaName(step), schema: call.schema.source, strict: false)
        var failure = ItemFailure(step: step, item: item, kind: .providerFailed, reason: "no attempt was made")
        for attempt in 1...(1 + AnswerValidation.maximumReasks) {
            let chat = ChatRequest(messages: messages, sampling: sampling, responseSchema: schema)
            let request = CallRequest(model: model.identity, messages: ChatRequest.Message.recordJSON(messages), sampling: sampling.recordJSON,
                                      template: Self.templateRef(call.template), schemaHash: ContentHash.of(call.schema.source))
            let key = CallKey(step: step, item: item, attempt: attempt)
            let outcome = try await obtain(key, request: request, chat: chat, model: model, schema: call.schema)
            guard let raw = outcome.raw, outcome.error == nil else {
                return ItemFailure(step: step, item: item, kind: .providerFailed, reason: outcome.error ?? "no answer").json
            }
            // Validated again from the raw text, so a stored answer yields the same re-ask text
            // as it did when it was first received.
            let answer = AnswerValidation.validate(raw, against: call.schema)
            switch answer {
            case .parsed(let value):
                return value
            case .unparseable(_, let reason):
                failure = ItemFailure(step: step, item: item, kind: .unparseable, reason: "attempt \(attempt): \(reason)")
            case .schemaInvalid(_, _, let violations):
                failure = ItemFailure(step: step, item: item, kind: .invalid,
                                      reason: "attempt \(attempt): " + violations.map(\.description).joined(separator: "; "))
            }
            guard let reask = AnswerValidation.reaskMessage(for: answer) else { break }
            messages += [.assistant(raw), .user(reask)]
        }
        return failure.json
    }

    // MARK: Getting an answer

    /// The outcome for `key`: recorded by this run already, cached from another run, or asked of
    /// the provider and recorded now.
    private func obtain(_ key: CallKey, request: CallRequest, chat: ChatRequest, model: RegisteredModel,
                        schema: JSONSchema) async throws -> CallOutcome {
        if let stored = recorded[key] {
            guard stored.identity == request.identity else {
                throw FlowRunError.callChanged(run: runID, key: key, recorded: stored.identity.hash.hex, found: request.identity.hash.hex)
            }
            statistics.update { $0.replayedCalls += 1 }
            return stored.result.outcome
        }
        if !options.noCache, let cached = try store({ try $0.cachedCall(request.identity) }) {
            try store { try $0.recordCacheHit(run: runID, key: key, request: request, cached: cached) }
            statistics.update { $0.cacheHits += 1 }
            return cached.result.outcome
        }
        let result: CallResult
        do {
            let response = try await model.provider.complete(chat)
            result = CallResult(outcome: CallOutcome(validated: AnswerValidation.validate(response.text, against: schema), text: response.text),
                                reportedModel: response.reportedModel, promptTokens: response.usage.promptTokens,
                                completionTokens: response.usage.completionTokens, latencyMilliseconds: response.latency * 1000)
        } catch is CancellationError {
            throw CancellationError()  // a call that did not end is not recorded; resume asks again
        } catch let failure as ProviderFailure {
            result = CallResult(outcome: .failed(error: failure.description, raw: nil), latencyMilliseconds: failure.latency * 1000)
        } catch {
            result = CallResult(outcome: .failed(error: "\(error)", raw: nil), latencyMilliseconds: 0)
        }
        try store { try $0.recordCall(run: runID, key: key, request: request, result: result) }
        statistics.update { $0.providerCalls += 1 }
        return result.outcome
    }

    // MARK: Request parts

    /// The step's settings over the run's; replicate r asks with seed + r so replicates differ.
    static func sampling(step: SamplingOverrides, run: SamplingOverrides, replicate: Int) -> Sampling {
        let seed = (step.seed ?? run.seed).map { UInt64(max(0, $0)) &+ UInt64(replicate) }
        return Sampling(temperature: step.temperature ?? run.temperature, topP: step.topP ?? run.topP,
                        topK: step.topK ?? run.topK, maxTokens: step.maxTokens ?? run.maxTokens, seed: seed)
    }

    static func templateRef(_ template: Template) -> TemplateRef? {
        ContentHash(hex: template.sha256).map { TemplateRef(id: template.name, hash: $0) }
    }

    /// Providers require schema names of `[A-Za-z0-9_-]{1,64}`.
    static func schemaName(_ step: String) -> String {
        let name = String(step.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }.prefix(64))
        return name.isEmpty ? "answer" : name
    }
}

/// Run statistics shared by concurrent calls.
final class StatisticsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = RunStatistics()

    func update(_ body: (inout RunStatistics) -> Void) {
        lock.lock()
        body(&value)
        lock.unlock()
    }

    var snapshot: RunStatistics {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

extension CallOutcome {
    /// How a structured answer is recorded: valid, invalid against the schema (with the
    /// violations), or not JSON; `text` as received. Shared by flows and the REPL.
    public init(validated answer: AnswerOutcome, text: String) {
        switch answer {
        case .parsed(let value): self = .valid(raw: text, parsed: value)
        case .unparseable(let raw, let reason): self = .unparseable(raw: raw, reason: reason)
        case .schemaInvalid(let raw, let value, let violations):
            self = .invalid(raw: raw, parsed: value, reason: violations.map(\.description).joined(separator: "; "))
        }
    }
}
