/// Items ranked by their weighted total, best first. Equal totals share a rank and are listed
/// by id, so the table does not depend on the order the items came in.
public struct WeightedRanking<ID: Hashable & Comparable & Sendable>: Sendable {
    public struct Entry: Equatable, Sendable {
        public let id: ID
        public let total: Double
        /// "1224": ties share the best rank, the next skips.
        public let rank: Int
        /// "1223": ties share a rank, the next follows.
        public let denseRank: Int
    }

    public let weights: CriterionWeights
    public let entries: [Entry]
    private let totals: [ID: Double]

    /// `scores[id]` holds the item's score per criterion (e.g. replicate means). Throws on no
    /// items, or an item whose scores do not match the criteria (naming the item).
    public init(scores: [ID: [String: Double]], weights: CriterionWeights) throws {
        try requireCount(scores, atLeast: 1, "scores")
        let ids = scores.keys.sorted()
        var totals: [Double] = []
        for id in ids {
            totals.append(try weights.total(of: scores[id] ?? [:], item: "scores[\(id)]"))
        }
        // Ids are sorted, and order keeps input order among ties: ties come out by id.
        let order = Ranking.orderFinite(totals, .highestFirst)
        let competition = Ranking.competitionRanksFinite(totals)
        let dense = Ranking.denseRanksFinite(totals)
        self.weights = weights
        entries = order.map { Entry(id: ids[$0], total: totals[$0], rank: competition[$0], denseRank: dense[$0]) }
        self.totals = Dictionary(uniqueKeysWithValues: zip(ids, totals))
    }

    /// Ids best first.
    public var ranked: [ID] { entries.map(\.id) }

    public func total(of id: ID) -> Double? { totals[id] }
}
