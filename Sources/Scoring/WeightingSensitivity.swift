/// How the top of a weighted ranking moves under other weightings: for each alternative, the
/// top-k items it shares with the baseline and Kendall's tau-b between the two sets of totals.
public struct WeightingSensitivity<ID: Hashable & Comparable & Sendable>: Sendable {
    public struct Comparison: Equatable, Sendable {
        public let name: String
        public let weights: CriterionWeights
        public let topK: [ID]
        public let overlap: TopKOverlap
        /// nil when either weighting gives every item the same total.
        public let kendallTauB: Double?
    }

    public let baseline: WeightedRanking<ID>
    public let k: Int
    public let comparisons: [Comparison]

    /// Throws on a bad k (below 1 or above the item count), a repeated alternative name, or
    /// scores that do not match the criteria.
    public init(scores: [ID: [String: Double]], baseline: CriterionWeights,
                alternatives: [(name: String, weights: CriterionWeights)], k: Int) throws {
        let base = try WeightedRanking(scores: scores, weights: baseline)
        try requirePositive(k, "k")
        if k > base.entries.count {
            throw ScoringError.outOfRange(argument: "k", index: nil, value: Double(k),
                                          expected: "1...\(base.entries.count) (the number of items)")
        }
        let ids = scores.keys.sorted()
        let baseTotals = ids.map { base.total(of: $0) ?? .nan }
        var names = Set<String>()
        var comparisons: [Comparison] = []
        for (index, alternative) in alternatives.enumerated() {
            if !names.insert(alternative.name).inserted {
                throw ScoringError.invalid(argument: "alternatives[\(index)]", reason: "name '\(alternative.name)' is used twice")
            }
            let ranking = try WeightedRanking(scores: scores, weights: alternative.weights)
            let totals = ids.map { ranking.total(of: $0) ?? .nan }
            comparisons.append(Comparison(
                name: alternative.name, weights: alternative.weights, topK: Array(ranking.ranked.prefix(k)),
                overlap: try TopKOverlap(base.ranked, ranking.ranked, k: k),
                kendallTauB: ids.count < 2 ? nil : try Correlation.kendallTauB(baseTotals, totals)))
        }
        self.baseline = base
        self.k = k
        self.comparisons = comparisons
    }
}
