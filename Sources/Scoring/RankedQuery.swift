/// One ranked answer (best first) against the set of items that are relevant to it, such as a
/// gene ranking against a published top five, or a retrieval against its gold rows.
///
/// Relevant items missing from the ranking count as never retrieved (trec_eval's convention),
/// so recall and average precision divide by all relevant items.
public struct RankedQuery<Key: Hashable & Sendable>: Sendable {
    public let ranked: [Key]
    public let relevant: Set<Key>

    /// Throws when an item appears twice in `ranked`.
    public init(ranked: [Key], relevant: Set<Key>) throws {
        try requireUnique(ranked, "ranked")
        self.ranked = ranked
        self.relevant = relevant
    }

    /// Relevant items among the first k, divided by k (not by the list's length when it is
    /// shorter: a list that stops early is charged for the empty places).
    public func precision(atK k: Int) throws -> Double {
        try requirePositive(k, "k")
        return Double(hits(inFirst: k)) / Double(k)
    }

    /// Relevant items among the first k, divided by all relevant items; nil with none relevant.
    public func recall(atK k: Int) throws -> Double? {
        try requirePositive(k, "k")
        return relevant.isEmpty ? nil : Double(hits(inFirst: k)) / Double(relevant.count)
    }

    /// The mean of precision@i over the positions i of the relevant items, counting unranked
    /// relevant items as precision 0; nil with none relevant.
    public var averagePrecision: Double? {
        if relevant.isEmpty { return nil }
        var hits = 0
        var sum = 0.0
        for (index, key) in ranked.enumerated() where relevant.contains(key) {
            hits += 1
            sum += Double(hits) / Double(index + 1)
        }
        return sum / Double(relevant.count)
    }

    /// 1 / the position of the first relevant item; 0 when none is ranked; nil with none relevant.
    public var reciprocalRank: Double? {
        if relevant.isEmpty { return nil }
        guard let index = ranked.firstIndex(where: relevant.contains) else { return 0 }
        return 1 / Double(index + 1)
    }

    private func hits(inFirst k: Int) -> Int {
        ranked.prefix(k).lazy.filter(relevant.contains).count
    }
}
