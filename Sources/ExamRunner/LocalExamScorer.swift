import Exams
import Foundation
import Inference

/// Scoring modes (a) and (b) on a local GGUF model, on the raw prompt (no chat template), as
/// lm-evaluation-harness scores base-style multiple choice.
///
/// - Mode (a): each option's continuation text (`ExamPrompt.continuations`, " " + option text) is
///   scored after `ExamPrompt.render(.likelihood)`; lengths are UTF-8 bytes of that continuation text
///   (`lengthUnit`), the harness's acc_norm unit, and comparable across tokenizers.
/// - Mode (b): a label's probability is that of the model's next text being the label, with or without a
///   leading space: the log-sum-exp over the two spellings (" A" and "A") of each spelling's
///   log-likelihood. For letters both spellings are single tokens, so this is the next-token
///   distribution after "Answer:" summed over the two tokens of each letter. PubMedQA's labels are
///   words; where a spelling is several tokens (a label a vocabulary lacks, such as " maybe" in some)
///   its probability is the chain rule over its tokens, not the first token alone, so two labels that
///   share a first token are not confused. Labels are not renormalized here (`LetterProbabilities` does it).
///
/// One model session serves every call, one item at a time (a lock), so the KV cache can keep the
/// prefix items share (the subject header and exemplars).
public final class LocalExamScorer: LocalItemScoring, @unchecked Sendable {
    public static let lengthUnit = "utf8-bytes"
    /// Micro-batches under 64 tokens keep every query row on the attention kernel's vector path
    /// (`Attention.Path`), so a number never depends on how its sequence was split into passes: prefix
    /// reuse across items is then bit-exact, and an item scores the same whatever came before it
    /// (ContinuationScorerTests). With 512, the tiled path's other rounding moved SmolLM2's option sums
    /// by up to 0.9 depending on the split.
    public static let defaultBatchCapacity = 32

    public let model: LocalModel
    private let scorer: ContinuationScorer
    private let lock = NSLock()

    /// - Parameters:
    ///   - contextLength: positions the session holds (default: the model's, at most 4096).
    ///   - batchCapacity: tokens per forward pass; see `defaultBatchCapacity`.
    ///   - prefixReuse: whether an item may start from the cache an earlier item left.
    public init(model: LocalModel, threads: Int, contextLength: Int? = nil,
                batchCapacity: Int = LocalExamScorer.defaultBatchCapacity,
                prefixReuse: ContinuationScorer.PrefixReuse = .acrossCalls) {
        self.model = model
        let session = InferenceSession(model: model.model, contextLength: contextLength, threads: threads,
                                       batchCapacity: batchCapacity)
        scorer = ContinuationScorer(session: session, prefixReuse: prefixReuse)
    }

    public var contextLength: Int { scorer.session.contextLength }

    /// Cache positions reused and evaluated so far (for benchmarks).
    public var positionCounts: (reused: Int, evaluated: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (scorer.reusedPositions, scorer.evaluatedPositions)
    }

    // MARK: Mode (a)

    public func optionLikelihoods(for item: ExamItem, exemplars: [ExamItem]) throws -> [OptionLikelihood] {
        let options = try requireOptions(item, mode: .likelihood)
        let prompt = ExamPrompt.render(item, exemplars: exemplars, mode: .likelihood)
        let continuations = ExamPrompt.continuations(item)
        let scores = try score(item, mode: .likelihood, prompt: prompt, continuations: continuations.map(\.text))
        return zip(options, zip(continuations, scores)).map { option, pair in
            OptionLikelihood(label: option.label, logLikelihood: pair.1.logLikelihood, length: max(1, pair.0.text.utf8.count))
        }
    }

    // MARK: Mode (b)

    public func letterLogProbabilities(for item: ExamItem, exemplars: [ExamItem]) throws -> [String: Double] {
        let options = try requireOptions(item, mode: .nextToken)
        let prompt = ExamPrompt.render(item, exemplars: exemplars, mode: .nextToken)
        let spellings = options.flatMap { option in [" " + option.label, option.label].map { (option.label, $0) } }
        let scores = try score(item, mode: .nextToken, prompt: prompt, continuations: spellings.map(\.1))
        var byLabel: [String: [Double]] = [:]
        var seen: Set<[Int32]> = []
        // Two spellings that tokenize alike (a SentencePiece space prefix) are one event, counted once.
        for ((label, _), score) in zip(spellings, scores) where seen.insert(score.tokens).inserted {
            byLabel[label, default: []].append(score.logLikelihood)
        }
        return byLabel.mapValues(Self.logSumExp)
    }

    // MARK: Shared

    private func requireOptions(_ item: ExamItem, mode: ExamPrompt.Mode) throws -> [ExamOption] {
        guard item.format != .openEnded, item.options.count >= 2 else {
            throw LocalExamScorerError(itemID: item.id, mode: mode, reason: "an open-ended item has no options to score")
        }
        return item.options
    }

    /// The scorer's log-likelihoods of `continuations` after `prompt`, one item at a time, with errors
    /// naming the item and mode.
    private func score(_ item: ExamItem, mode: ExamPrompt.Mode, prompt: String, continuations: [String]) throws
        -> [ContinuationLikelihood] {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try scorer.logLikelihoods(context: prompt, continuations: continuations, tokenizer: model.tokenizer).scores
        } catch let error as ContinuationScoringError {
            throw LocalExamScorerError(itemID: item.id, mode: mode, reason: error.description)
        } catch let error as InferenceError {
            throw LocalExamScorerError(itemID: item.id, mode: mode, reason: error.description)
        }
    }

    static func logSumExp(_ values: [Double]) -> Double {
        guard let top = values.max(), top > -.infinity else { return -.infinity }
        return top + log(values.reduce(0) { $0 + exp($1 - top) })
    }
}

/// An item a local model cannot score, named with the mode.
public struct LocalExamScorerError: Error, Equatable, CustomStringConvertible {
    public let itemID: String
    public let mode: ExamPrompt.Mode
    public let reason: String

    public var description: String { "item \(itemID), mode \(mode.rawValue): \(reason)" }
}
