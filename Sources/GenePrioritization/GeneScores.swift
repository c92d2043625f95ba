import Scoring
import Support

/// Step 3's answers read back per gene: each replicate's criterion scores and justifications,
/// their mean and SD, and the answers that failed (kept by index, never dropped silently).
public struct GeneScores: Sendable {
    public struct Replicate: Sendable {
        public let scores: [String: Double]
        /// Criterion key to justification.
        public let justifications: [String: String]
    }

    public struct Gene: Sendable {
        public let symbol: String
        public let replicates: [Replicate]
        /// Replicate numbers (from 1) whose answer failed.
        public let failedReplicates: [Int]
        /// Nil when no replicate answered.
        public let summary: ReplicateSummary?
    }

    public let genes: [Gene]

    /// - Parameter answers: the `scores` step output, replicate-major over `plan.genes`.
    public init(answers: [JSONValue], plan: GenePlan) throws {
        let count = plan.genes.count
        guard answers.count == count * plan.replicates else {
            throw GeneJobError.answer(step: "scores", item: answers.count,
                                      reason: "expected \(count * plan.replicates) answers (\(count) genes x \(plan.replicates) replicates)")
        }
        let keys = plan.preset.criteria.map(\.key)
        genes = try plan.genes.enumerated().map { index, symbol in
            var replicates: [Replicate] = []
            var failed: [Int] = []
            for replicate in 0..<plan.replicates {
                if let parsed = Self.replicate(answers[replicate * count + index], keys: keys) {
                    replicates.append(parsed)
                } else {
                    failed.append(replicate + 1)
                }
            }
            let summary = replicates.isEmpty ? nil
                : try ReplicateSummary(replicates: replicates.map(\.scores), weights: plan.preset.weights, item: symbol)
            return Gene(symbol: symbol, replicates: replicates, failedReplicates: failed, summary: summary)
        }
    }

    /// One answer's scores by criterion key; nil for a failed item (an `ItemFailure` object).
    static func replicate(_ answer: JSONValue, keys: [String]) -> Replicate? {
        guard let list = answer["scores"]?.arrayValue, list.count == keys.count else { return nil }
        var scores: [String: Double] = [:]
        var justifications: [String: String] = [:]
        for (key, entry) in zip(keys, list) {
            guard let score = entry["score"]?.numberValue else { return nil }
            scores[key] = score
            justifications[key] = entry["why"]?.stringValue ?? ""
        }
        return Replicate(scores: scores, justifications: justifications)
    }

    /// Mean score per criterion for every gene with at least one answer: the ranking's input.
    public var means: [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for gene in genes {
            guard let summary = gene.summary else { continue }
            result[gene.symbol] = summary.criteria.mapValues(\.mean)
        }
        return result
    }
}
