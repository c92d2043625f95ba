extension BinaryScores {
    /// Positives expected among the k best-scored items when ties are ordered at random: every
    /// tied group above the cut counts whole; the group the cut splits counts in proportion
    /// (places left times its share of positives). Input order never decides, so two equal
    /// score lists give one answer whatever order the genes came in.
    public func expectedHits(atK k: Int) throws -> Double {
        try requirePositive(k, "k")
        guard k <= scores.count else {
            throw ScoringError.invalid(argument: "k", reason: "\(k) is more than the \(scores.count) items")
        }
        var seen = 0
        var hits = 0.0
        for group in Ranking.tiedGroupsFinite(scores, .highestFirst) {
            let positivesInGroup = Double(group.indices.lazy.filter { positives[$0] }.count)
            let room = k - seen
            if group.indices.count <= room {
                hits += positivesInGroup
                seen += group.indices.count
            } else {
                hits += Double(room) * positivesInGroup / Double(group.indices.count)
                break
            }
            if seen == k { break }
        }
        return hits
    }

    /// Expected positives among the first k (ties at random) divided by k.
    public func precision(atK k: Int) throws -> Double {
        try expectedHits(atK: k) / Double(k)
    }

    /// Expected positives among the first k (ties at random) divided by all positives; nil with none.
    public func recall(atK k: Int) throws -> Double? {
        let hits = try expectedHits(atK: k)
        return positiveCount == 0 ? nil : hits / Double(positiveCount)
    }
}
