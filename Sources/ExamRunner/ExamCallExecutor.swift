import Exams
import Foundation
import Provenance
import Providers
import Support

/// Where one call's answer came from in this execution.
struct CallSource: Sendable {
    enum Origin: Sendable { case asked, cache, recorded }
    let origin: Origin
    /// The answer is a transport (or scorer) failure.
    let failed: Bool
    /// A failed call asked again (`--retry-errors`).
    let retried: Bool
}

/// Makes sure one item x repeat has a recorded answer: the run's own record (resume), another
/// run's identical call (cache), or the model, recorded before anything reads it.
struct ExamCallExecutor: Sendable {
    let runID: RunID
    let store: ProvenanceStore
    let model: ExamModel
    let noCache: Bool

    func ensure(_ item: ExamItem, repeat index: Int, plan: ExamRunPlan, recorded: [CallKey: StoredCall],
                retryErrors: Bool) async throws -> CallSource {
        let (request, chat) = plan.request(item, repeat: index, model: model.identity, remote: !model.isLocal)
        var attempt = 1
        var retried = false
        if let previous = recorded[plan.key(item, repeat: index)] {
            guard previous.identity == request.identity else {
                throw ExamRunError.callChanged(run: runID, key: previous.key.description)
            }
            let failed = previous.result.outcome.error != nil
            guard failed, retryErrors else { return CallSource(origin: .recorded, failed: failed, retried: false) }
            attempt = previous.key.attempt + 1
            retried = true
        }
        let key = plan.key(item, repeat: index, attempt: attempt)
        if !noCache, let cached = try store.cachedCall(request.identity) {
            try store.recordCacheHit(run: runID, key: key, request: request, cached: cached)
            return CallSource(origin: .cache, failed: false, retried: retried)
        }
        let result = try await ask(item, plan: plan, chat: chat)
        try store.recordCall(run: runID, key: key, request: request, result: result)
        return CallSource(origin: .asked, failed: result.outcome.error != nil, retried: retried)
    }

    // MARK: Asking

    private func ask(_ item: ExamItem, plan: ExamRunPlan, chat: ChatRequest) async throws -> CallResult {
        switch plan.settings.mode {
        case .generate:
            do {
                let response = try await model.registered.provider.complete(chat)
                return CallResult(outcome: .text(raw: response.text), reportedModel: response.reportedModel,
                                  promptTokens: response.usage.promptTokens, completionTokens: response.usage.completionTokens,
                                  latencyMilliseconds: response.latency * 1000)
            } catch is CancellationError {
                throw CancellationError()  // a call that did not end is not recorded; a resume asks again
            } catch let failure as ProviderFailure where failure.reason == .emptyReply {
                // The server answered with no text: the model's (empty) answer, scored `empty`, not a transport error.
                return CallResult(outcome: .text(raw: ""), latencyMilliseconds: failure.latency * 1000)
            } catch let failure as ProviderFailure {
                return CallResult(outcome: .failed(error: failure.description, raw: nil), latencyMilliseconds: failure.latency * 1000)
            } catch {
                return CallResult(outcome: .failed(error: "\(error)", raw: nil), latencyMilliseconds: 0)
            }
        case .nextToken where !model.isLocal:
            return try await remoteLetters(item, plan: plan, chat: chat)
        case .likelihood, .nextToken:
            return score(item, plan: plan)
        }
    }

    /// Mode (b) on an endpoint: the first answer token's top log-probabilities, summed per label
    /// over its spellings ("B", " B"); a label outside the top list has probability 0, and an answer
    /// with none of the labels there scores as unparseable. Stored as the local scorer's would be.
    private func remoteLetters(_ item: ExamItem, plan: ExamRunPlan, chat: ChatRequest) async throws -> CallResult {
        let shown = plan.shown(item)?.shown ?? item
        do {
            let response = try await model.registered.provider.complete(chat)
            guard let alternatives = response.firstTokenLogprobs, !alternatives.isEmpty else {
                return CallResult(outcome: .failed(error: "the endpoint returned no log-probabilities for the first token", raw: response.text),
                                  reportedModel: response.reportedModel, latencyMilliseconds: response.latency * 1000)
            }
            let letters = TopLogprobLabels.logProbabilities(alternatives.map { ($0.token, $0.logprob) }, labels: shown.labels)
            let answer = LocalAnswerJSON.json(letterLogProbabilities: letters)
            return CallResult(outcome: .valid(raw: answer.canonicalText, parsed: answer), reportedModel: response.reportedModel,
                              promptTokens: response.usage.promptTokens, completionTokens: response.usage.completionTokens,
                              latencyMilliseconds: response.latency * 1000)
        } catch is CancellationError {
            throw CancellationError()  // not recorded; a resume asks again
        } catch let failure as ProviderFailure {
            return CallResult(outcome: .failed(error: failure.description, raw: nil), latencyMilliseconds: failure.latency * 1000)
        } catch {
            return CallResult(outcome: .failed(error: "\(error)", raw: nil), latencyMilliseconds: 0)
        }
    }

    /// Modes (a) and (b): the local scorer's numbers, stored as the call's JSON answer.
    private func score(_ item: ExamItem, plan: ExamRunPlan) -> CallResult {
        let shown = plan.shown(item)?.shown ?? item
        let exemplars = plan.exemplars(for: item)
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6 }
        guard let scorer = model.localScorer else {
            return CallResult(outcome: .failed(error: "no local scorer", raw: nil), latencyMilliseconds: 0)
        }
        do {
            let answer = plan.settings.mode == .likelihood
                ? LocalAnswerJSON.json(try scorer.optionLikelihoods(for: shown, exemplars: exemplars))
                : LocalAnswerJSON.json(letterLogProbabilities: try scorer.letterLogProbabilities(for: shown, exemplars: exemplars))
            return CallResult(outcome: .valid(raw: answer.canonicalText, parsed: answer), latencyMilliseconds: elapsed())
        } catch {
            return CallResult(outcome: .failed(error: "local scorer: \(error)", raw: nil), latencyMilliseconds: elapsed())
        }
    }
}
