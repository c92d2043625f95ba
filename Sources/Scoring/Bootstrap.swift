import Support

/// The nonparametric bootstrap over items (Efron 1979) with percentile intervals, drawn from
/// Support's SeededRandom so that a seed gives the same interval on every machine.
///
/// Each resample draws `itemCount` item indices with replacement; the statistic is computed on
/// the resampled indices. Paired designs resample items, keeping both systems' answers to an
/// item together, which is what makes the interval of a difference paired.
public struct Bootstrap: Equatable, Sendable {
    public let resamples: Int
    public let seed: UInt64

    /// Throws when `resamples` < 1. 10,000 resamples put the 2.5% quantile's Monte Carlo error
    /// well under a percentage point for accuracies.
    public init(resamples: Int = 10_000, seed: UInt64) throws {
        try requirePositive(resamples, "resamples")
        self.resamples = resamples
        self.seed = seed
    }

    /// The statistic on the original items, and its percentile interval at `confidence`.
    /// `statistic` gets a resample's item indices and may return nil where it is undefined
    /// (a pooled precision with nothing predicted); such resamples are left out and counted.
    public func interval(itemCount: Int, confidence: Double = 0.95,
                         statistic: ([Int]) -> Double?) throws -> BootstrapEstimate {
        try requirePositive(itemCount, "itemCount")
        try requireOpenUnit(confidence, "confidence")
        var random = SeededRandom(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var indices = [Int](repeating: 0, count: itemCount)
        for _ in 0..<resamples {
            for slot in 0..<itemCount {
                indices[slot] = Int(Self.uniform(below: UInt64(itemCount), using: &random))
            }
            if let value = statistic(indices), value.isFinite { values.append(value) }
        }
        let estimate = statistic(Array(0..<itemCount))
        let interval: Interval?
        if values.isEmpty {
            interval = nil
        } else {
            values.sort()
            let tail = (1 - confidence) / 2
            interval = Interval(ordered: Quantile.ofSorted(values, tail), Quantile.ofSorted(values, 1 - tail))
        }
        return BootstrapEstimate(estimate: estimate, interval: interval, confidence: confidence,
                                 resamples: resamples, undefinedResamples: resamples - values.count, seed: seed)
    }

    /// Accuracy of the first system minus the second on the same items, with a paired interval.
    public func accuracyDifference(firstCorrect: [Bool], secondCorrect: [Bool],
                                   confidence: Double = 0.95) throws -> BootstrapEstimate {
        try requireCount(firstCorrect, atLeast: 1, "firstCorrect")
        try requireSameCount(firstCorrect, "firstCorrect", secondCorrect, "secondCorrect")
        // Per item: +1 first only right, -1 second only right, 0 otherwise; the mean is the difference.
        let differences = zip(firstCorrect, secondCorrect).map { ($0 ? 1 : 0) - ($1 ? 1 : 0) }
        return try interval(itemCount: differences.count, confidence: confidence) { indices in
            Double(indices.reduce(0) { $0 + differences[$1] }) / Double(indices.count)
        }
    }

    /// A uniform integer in [0, bound) by Lemire's multiply-and-reject (ACM TOMACS 2019), written
    /// out here so the draws do not depend on the standard library's choice of method.
    static func uniform(below bound: UInt64, using random: inout SeededRandom) -> UInt64 {
        var product = random.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = random.next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }
}
