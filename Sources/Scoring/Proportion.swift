/// A count of successes out of `trials`, such as correct answers out of items asked. Keeping n
/// beside the ratio lets every report show it and every interval use it.
public struct Proportion: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let successes: Int
    public let trials: Int

    /// Throws unless 0 <= successes <= trials.
    public init(successes: Int, trials: Int) throws {
        if trials < 0 {
            throw ScoringError.outOfRange(argument: "trials", index: nil, value: Double(trials), expected: "0 or more")
        }
        if successes < 0 || successes > trials {
            throw ScoringError.outOfRange(argument: "successes", index: nil, value: Double(successes),
                                          expected: "[0, \(trials)] (the number of trials)")
        }
        self.successes = successes
        self.trials = trials
    }

    /// The share of successes among `outcomes`.
    public init(outcomes: [Bool]) {
        successes = outcomes.lazy.filter { $0 }.count
        trials = outcomes.count
    }

    /// successes / trials; nil when there were no trials (0/0 is not 0).
    public var value: Double? {
        trials == 0 ? nil : Double(successes) / Double(trials)
    }

    /// The Wilson score interval (Wilson 1927) at `confidence` (0.95 for 95%), which keeps its
    /// coverage near 0 and 1 where the normal (Wald) interval collapses. With no trials it is [0, 1]:
    /// the formula's limit, and an honest "nothing known".
    public func wilsonInterval(confidence: Double = 0.95) throws -> Interval {
        try requireOpenUnit(confidence, "confidence")
        if trials == 0 { return Interval(ordered: 0, 1) }
        let z = try NormalDistribution.quantile(1 - (1 - confidence) / 2)
        let n = Double(trials), x = Double(successes), z2 = z * z
        let center = (x + z2 / 2) / (n + z2)
        let half = z / (n + z2) * (x * (n - x) / n + z2 / 4).squareRoot()
        // At x = 0 or x = n one bound is exactly 0 or 1; rounding must not push it past.
        let lower = successes == 0 ? 0 : Swift.max(0, center - half)
        let upper = successes == trials ? 1 : Swift.min(1, center + half)
        return Interval(ordered: lower, upper)
    }

    public var description: String { "\(successes)/\(trials)" }
}
