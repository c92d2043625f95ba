/// Mean average precision and mean reciprocal rank over many queries. Queries with no relevant
/// item have neither, are left out of both means, and are counted.
public struct RetrievalSummary: Equatable, Sendable {
    public let queryCount: Int
    public let queriesWithoutRelevant: Int
    /// nil when no query has a relevant item.
    public let meanAveragePrecision: Double?
    public let meanReciprocalRank: Double?

    public init<Key>(queries: [RankedQuery<Key>]) throws {
        try requireCount(queries, atLeast: 1, "queries")
        let precisions = queries.compactMap(\.averagePrecision)
        let reciprocals = queries.compactMap(\.reciprocalRank)
        queryCount = queries.count
        queriesWithoutRelevant = queries.count - precisions.count
        meanAveragePrecision = precisions.isEmpty ? nil : precisions.reduce(0, +) / Double(precisions.count)
        meanReciprocalRank = reciprocals.isEmpty ? nil : reciprocals.reduce(0, +) / Double(reciprocals.count)
    }
}
