/// A closed interval [lower, upper] with lower <= upper, such as a confidence interval.
public struct Interval: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double

    /// Throws when either bound is NaN or when lower > upper.
    public init(lower: Double, upper: Double) throws {
        if lower.isNaN { throw ScoringError.notFinite(argument: "lower", index: nil) }
        if upper.isNaN { throw ScoringError.notFinite(argument: "upper", index: nil) }
        if lower > upper {
            throw ScoringError.outOfRange(argument: "upper", index: nil, value: upper, expected: "[lower, +inf) with lower \(lower)")
        }
        self.lower = lower
        self.upper = upper
    }

    /// For bounds the caller's arithmetic already ordered (lower <= upper by construction).
    init(ordered lower: Double, _ upper: Double) {
        self.lower = Swift.min(lower, upper)
        self.upper = Swift.max(lower, upper)
    }

    public var width: Double { upper - lower }

    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    public var description: String { "[\(lower), \(upper)]" }
}
