/// Krippendorff's alpha (Krippendorff 2004, ch. 11; the coincidence-matrix computation of
/// "Computing Krippendorff's alpha-reliability", 2011): agreement among any number of raters,
/// with missing ratings, on nominal, ordinal, interval or ratio scales.
/// alpha = 1 - (n - 1) * sum o_ck d_ck / sum n_c n_k d_ck over pairs of values c, k.
public struct KrippendorffAlpha: Equatable, Sendable {
    /// How far apart two values are (the squared difference function delta^2).
    public enum Level: Sendable {
        /// Equal or not.
        case nominal
        /// By how many ratings lie between them: the ranks matter, not the distances.
        case ordinal
        /// (c - k)^2.
        case interval
        /// ((c - k) / (c + k))^2, for values with a true zero.
        case ratio
    }

    public let level: Level
    /// Items with at least two ratings, the only ones that count.
    public let pairableItemCount: Int
    /// Ratings in those items.
    public let pairableValueCount: Int
    public let observedDisagreement: Double
    public let expectedDisagreement: Double
    /// nil when there is no expected disagreement (one value throughout) or nothing pairable.
    public let alpha: Double?

    /// `ratings[i][r]` is rater r's value for item i, nil where r did not rate i. Every row must
    /// have the same number of raters; values must be finite.
    public init(ratings: [[Double?]], level: Level) throws {
        try requireCount(ratings, atLeast: 1, "ratings")
        let raters = ratings[0].count
        for (index, row) in ratings.enumerated() {
            if row.count != raters {
                throw ScoringError.lengthMismatch(argument: "ratings[\(index)]", expected: raters, found: row.count,
                                                  pairedWith: "ratings[0]")
            }
            if let r = row.firstIndex(where: { $0.map { !$0.isFinite } ?? false }) {
                throw ScoringError.notFinite(argument: "ratings[\(index)]", index: r)
            }
        }
        let units = ratings.map { $0.compactMap { $0 } }.filter { $0.count >= 2 }
        let values = Array(Set(units.joined())).sorted()
        let position = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let v = values.count
        // Coincidences: each ordered pair of values within a unit of m values adds 1 / (m - 1).
        var coincidence = [[Double]](repeating: [Double](repeating: 0, count: v), count: v)
        for unit in units {
            let weight = 1 / Double(unit.count - 1)
            for i in unit.indices {
                for j in unit.indices where i != j {
                    if let c = position[unit[i]], let k = position[unit[j]] { coincidence[c][k] += weight }
                }
            }
        }
        let marginals = coincidence.map { $0.reduce(0, +) }
        let n = marginals.reduce(0, +)
        var observed = 0.0, expected = 0.0
        for c in 0..<v {
            for k in 0..<v where c != k {
                let d = Self.distance(c, k, values, marginals, level)
                observed += coincidence[c][k] * d
                expected += marginals[c] * marginals[k] * d
            }
        }
        self.level = level
        pairableItemCount = units.count
        pairableValueCount = Int(n.rounded())
        observedDisagreement = n > 0 ? observed / n : 0
        expectedDisagreement = n > 1 ? expected / (n * (n - 1)) : 0
        alpha = (n > 1 && expected > 0) ? 1 - (n - 1) * observed / expected : nil
    }

    private static func distance(_ c: Int, _ k: Int, _ values: [Double], _ marginals: [Double], _ level: Level) -> Double {
        switch level {
        case .nominal:
            return c == k ? 0 : 1
        case .interval:
            let d = values[c] - values[k]
            return d * d
        case .ratio:
            let sum = values[c] + values[k]
            if sum == 0 { return 0 }
            let d = (values[c] - values[k]) / sum
            return d * d
        case .ordinal:
            // (sum of n_g for g from c to k) - (n_c + n_k) / 2, squared.
            let low = Swift.min(c, k), high = Swift.max(c, k)
            let between = marginals[low...high].reduce(0, +) - (marginals[c] + marginals[k]) / 2
            return between * between
        }
    }
}
