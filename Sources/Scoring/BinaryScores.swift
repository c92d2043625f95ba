/// Scores given to items (higher = more likely positive) beside whether each item is positive,
/// such as a gene's erythroid score against membership in a silver set. Ties in the scores are
/// treated as ties, not broken by input order.
public struct BinaryScores: Sendable {
    public let scores: [Double]
    public let positives: [Bool]
    public let positiveCount: Int

    /// Throws on no items, mismatched lengths or a non-finite score.
    public init(scores: [Double], positives: [Bool]) throws {
        try requireCount(scores, atLeast: 1, "scores")
        try requireSameCount(scores, "scores", positives, "positives")
        try requireFinite(scores, "scores")
        self.scores = scores
        self.positives = positives
        positiveCount = positives.lazy.filter { $0 }.count
    }

    public var negativeCount: Int { scores.count - positiveCount }

    /// Average precision as the step-wise area under the precision-recall curve, one step per
    /// distinct score: sum over thresholds of (R_t - R_t-1) * P_t, as sklearn's
    /// `average_precision_score`. nil with no positives.
    public var averagePrecision: Double? {
        if positiveCount == 0 { return nil }
        var truePositives = 0, seen = 0
        var previousRecall = 0.0, area = 0.0
        for group in Ranking.tiedGroupsFinite(scores, .highestFirst) {
            seen += group.indices.count
            truePositives += group.indices.lazy.filter { positives[$0] }.count
            let recall = Double(truePositives) / Double(positiveCount)
            area += (recall - previousRecall) * Double(truePositives) / Double(seen)
            previousRecall = recall
        }
        return area
    }

    /// The area under the ROC curve: the chance that a random positive scores above a random
    /// negative, ties counting one half (Mann-Whitney U / (P * N)). nil without both classes.
    public var areaUnderROC: Double? {
        if positiveCount == 0 || negativeCount == 0 { return nil }
        let ranks = Ranking.averageRanksFinite(scores, .lowestFirst)
        let positiveRankSum = zip(ranks, positives).lazy.filter { $0.1 }.map { $0.0 }.reduce(0, +)
        let p = Double(positiveCount), n = Double(negativeCount)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }
}
