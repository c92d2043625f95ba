/// How many of the top k items two rankings share: how far the top of a gene ranking moves
/// under another weighting. Ties at the cut are decided by the rankings' own order.
public struct TopKOverlap: Equatable, Sendable {
    public let k: Int
    public let shared: Int

    /// Throws when k < 1 or either ranking has fewer than k items or repeats one.
    public init<Key: Hashable & Sendable>(_ first: [Key], _ second: [Key], k: Int) throws {
        try requirePositive(k, "k")
        try requireCount(first, atLeast: k, "first")
        try requireCount(second, atLeast: k, "second")
        try requireUnique(first, "first")
        try requireUnique(second, "second")
        self.k = k
        shared = Set(first.prefix(k)).intersection(second.prefix(k)).count
    }

    /// shared / k.
    public var overlap: Double { Double(shared) / Double(k) }

    /// shared / size of the union of the two top-k sets: shared / (2k - shared).
    public var jaccard: Double { Double(shared) / Double(2 * k - shared) }
}
