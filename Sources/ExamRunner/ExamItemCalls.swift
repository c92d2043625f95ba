import Exams
import Foundation
import Provenance
import Providers
import Support

/// The calls of an exam run, item x repeat, as `RecordedCallExecutor` asks them: generate,
/// next-token on an endpoint (its first token's log-probabilities) or the local scorer.
struct ExamItemCalls: Sendable {
    let plan: ExamRunPlan
    let model: ExamModel

    func call(_ item: ExamItem, repeat index: Int) -> PlannedCall {
        let (request, chat) = plan.request(item, repeat: index, model: model.identity, remote: !model.isLocal)
        return PlannedCall(key: plan.key(item, repeat: index), request: request) { [self] in
            try await ask(item, chat: chat)
        }
    }

    // MARK: Asking

    private func ask(_ item: ExamItem, chat: ChatRequest) async throws -> CallResult {
        switch plan.settings.mode {
        case .generate:
            return try await RecordedCallExecutor.complete(chat, on: model.registered.provider, emptyReplyIsAnswer: true)
        case .nextToken where !model.isLocal:
            return try await remoteLetters(item, chat: chat)
        case .likelihood, .nextToken:
            return score(item)
        }
    }

    /// Mode (b) on an endpoint: the first answer token's top log-probabilities, summed per label
    /// over its spellings ("B", " B"); a label outside the top list has probability 0, and an answer
    /// with none of the labels there scores as unparseable. Stored as the local scorer's would be.
    private func remoteLetters(_ item: ExamItem, chat: ChatRequest) async throws -> CallResult {
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
    private func score(_ item: ExamItem) -> CallResult {
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
