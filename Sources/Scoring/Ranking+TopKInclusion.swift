extension Ranking {
    /// For each item, the chance that it is among the k best when tied scores are ordered at
    /// random: 1 above the cut, 0 below it, and (places left / group size) for the tied group the
    /// cut splits. The probabilities add up to k. Two rankings' expected top-k overlap is then the
    /// sum of the products of their items' chances over k (ties broken independently), which does
    /// not depend on the order the items were listed in, and is k / n, chance level, for two
    /// lists that tie everything.
    public static func topKInclusion(_ scores: [Double], k: Int, argument: String = "scores") throws -> [Double] {
        try requireFinite(scores, argument)
        try requirePositive(k, "k")
        guard k <= scores.count else {
            throw ScoringError.invalid(argument: "k", reason: "\(k) is more than the \(scores.count) items")
        }
        var chances = [Double](repeating: 0, count: scores.count)
        var seen = 0
        for group in tiedGroupsFinite(scores, .highestFirst) where seen < k {
            let share = min(1, Double(k - seen) / Double(group.indices.count))
            for index in group.indices { chances[index] = share }
            seen += group.indices.count
        }
        return chances
    }

    /// The expected share of the k best items two score lists have in common, ties at random.
    public static func expectedTopKOverlap(_ first: [Double], _ second: [Double], k: Int) throws -> Double {
        try requireSameCount(first, "first", second, "second")
        let a = try topKInclusion(first, k: k, argument: "first"), b = try topKInclusion(second, k: k, argument: "second")
        return zip(a, b).map(*).reduce(0, +) / Double(k)
    }
}
