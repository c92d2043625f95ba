/// Rank-biased overlap (Webber, Moffat and Zobel, ACM TOIS 28(4), 2010): how much two rankings
/// agree, weighting the top more, for lists that may differ in length and content.
public enum RankBiasedOverlap {
    /// The extrapolated RBO (the paper's equation 32), which assumes agreement continues below
    /// the shorter list as it was at its end. `persistence` p in (0, 1): the expected depth a
    /// reader goes to is 1 / (1 - p), so p = 0.9 weighs about the top 10.
    /// Identical lists score 1; disjoint lists 0. Throws on an empty list or a repeated item.
    public static func extrapolated<Key: Hashable & Sendable>(_ first: [Key], _ second: [Key],
                                                              persistence p: Double) throws -> Double {
        try requireOpenUnit(p, "persistence")
        try requireCount(first, atLeast: 1, "first")
        try requireCount(second, atLeast: 1, "second")
        try requireUnique(first, "first")
        try requireUnique(second, "second")
        let (short, long) = first.count <= second.count ? (first, second) : (second, first)
        let s = short.count, l = long.count
        var seenShort = Set<Key>(), seenLong = Set<Key>()
        var overlap = 0, overlapAtS = 0
        var sum = 0.0, weight = 1.0
        for d in 1...l {
            weight *= p
            if d <= s {
                let item = short[d - 1]
                seenShort.insert(item)
                if seenLong.contains(item) { overlap += 1 }
            }
            let item = long[d - 1]
            seenLong.insert(item)
            if seenShort.contains(item) { overlap += 1 }
            if d == s { overlapAtS = overlap }
            sum += Double(overlap) / Double(d) * weight
            if d > s {
                sum += Double(overlapAtS) * Double(d - s) / Double(s * d) * weight
            }
        }
        let tail = (Double(overlap - overlapAtS) / Double(l) + Double(overlapAtS) / Double(s)) * weight
        return (1 - p) / p * sum + tail
    }
}
