import Exams
import Foundation
import Provenance
import Scoring
import Support

/// A run's scores, computed from its recorded calls only: the same function serves a finished run,
/// a resumed one, a report and a rescoring, so they cannot disagree and none needs the model.
public struct ExamRunScores: Sendable {
    /// One per asked item that has every repeat recorded, in the set's order, in original labels.
    public let scored: [ScoredItem]
    /// Asked items still missing a recorded call (an unfinished run).
    public let missingItems: Int
    /// Mode (a): accuracy and length-normalized accuracy over the items with likelihoods.
    public let likelihood: LikelihoodAccuracy?
    /// Mode (b): Brier score and calibration over the items with letter probabilities.
    public let calibration: CalibrationSummary?

    public var transportErrors: Int { scored.filter { if case .transportError = $0.outcome { return true } else { return false } }.count }
}

enum ExamRunScoring {
    /// The latest attempt of each call key (a retried call supersedes its failure).
    static func latest(_ calls: [StoredCall]) -> [CallKey: StoredCall] { RecordedCallExecutor.latest(calls) }

    static func score(_ plan: ExamRunPlan, calls: [StoredCall], extractor: AnswerExtractor) throws -> ExamRunScores {
        let latest = latest(calls)
        var scored: [ScoredItem] = []
        var missing = 0
        var choices: [(LikelihoodChoice, key: String)] = []
        var distributions: [(LetterProbabilities, key: String)] = []
        for item in plan.items {
            let keys = (0..<plan.settings.repeats).map { plan.key(item, repeat: $0) }
            let recorded = keys.compactMap { latest[$0] }
            guard recorded.count == keys.count else { missing += 1; continue }
            let shuffled = plan.shown(item)
            let shown = shuffled?.shown ?? item
            func restate(_ score: ScoredItem) -> ScoredItem { shuffled?.unshuffled(score) ?? score }
            switch plan.settings.mode {
            case .generate:
                let replies = recorded.map { restate(extractor.score(reply($0.result.outcome), for: shown)) }
                scored.append(try vote(replies, key: item.key))
            case .likelihood:
                let (score, choice) = likelihoodScore(recorded[0].result.outcome, shown: shown, extractor: extractor)
                scored.append(restate(score))
                if let choice, let key = shown.key { choices.append((choice, key)) }
            case .nextToken:
                let (score, distribution) = letterScore(recorded[0].result.outcome, shown: shown, extractor: extractor)
                scored.append(restate(score))
                if let distribution, let key = shown.key { distributions.append((distribution, key)) }
            }
        }
        return ExamRunScores(scored: scored, missingItems: missing,
                             likelihood: choices.isEmpty ? nil : LikelihoodAccuracy(choices),
                             calibration: distributions.isEmpty ? nil : try CalibrationSummary(distributions))
    }

    /// A stored outcome as the extractor reads it: text, or the call's failure.
    static func reply(_ outcome: CallOutcome) -> ModelReply {
        if let error = outcome.error { return .transportError(error) }
        return .text(outcome.raw ?? "")
    }

    /// Majority vote over repeats; the rule recorded is the first winning reply's.
    static func vote(_ replies: [ScoredItem], key: String?) throws -> ScoredItem {
        guard replies.count > 1, let first = replies.first else { return replies[0] }
        let vote = try RepeatVote(replies, key: key)
        let rule = replies.first { $0.outcome.predictedLabel == vote.outcome.predictedLabel }?.rule
        return ScoredItem(itemID: first.itemID, outcome: vote.outcome, rule: rule, extractorVersion: first.extractorVersion)
    }

    // MARK: Modes (a) and (b)

    static func likelihoodScore(_ outcome: CallOutcome, shown: ExamItem, extractor: AnswerExtractor) -> (ScoredItem, LikelihoodChoice?) {
        if let error = outcome.error { return (failed(shown, error, extractor), nil) }
        do {
            let options = try LocalAnswerJSON.likelihoods(outcome.parsed)
            let choice = try LikelihoodChoice(options)
            return (ScoredItem(itemID: shown.id, outcome: labelled(choice.predicted, key: shown.key), rule: nil,
                               extractorVersion: extractor.version), choice)
        } catch {
            return (ScoredItem(itemID: shown.id, outcome: .unparseable(raw: outcome.raw ?? ""), rule: nil,
                               extractorVersion: extractor.version), nil)
        }
    }

    static func letterScore(_ outcome: CallOutcome, shown: ExamItem, extractor: AnswerExtractor) -> (ScoredItem, LetterProbabilities?) {
        if let error = outcome.error { return (failed(shown, error, extractor), nil) }
        do {
            let distribution = try LetterProbabilities(logProbabilities: try LocalAnswerJSON.letterLogProbabilities(outcome.parsed),
                                                       labels: shown.labels)
            return (ScoredItem(itemID: shown.id, outcome: labelled(distribution.predicted, key: shown.key), rule: nil,
                               extractorVersion: extractor.version), distribution)
        } catch {
            return (ScoredItem(itemID: shown.id, outcome: .unparseable(raw: outcome.raw ?? ""), rule: nil,
                               extractorVersion: extractor.version), nil)
        }
    }

    static func labelled(_ label: String, key: String?) -> ItemOutcome {
        label == key ? .correct(label: label) : .wrong(label: label)
    }

    static func failed(_ item: ExamItem, _ error: String, _ extractor: AnswerExtractor) -> ScoredItem {
        ScoredItem(itemID: item.id, outcome: .transportError(message: error), rule: nil, extractorVersion: extractor.version)
    }
}
