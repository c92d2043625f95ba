/// Count, mean and sample standard deviation of a list of numbers, such as one gene's score
/// over replicates.
public struct SampleSummary: Equatable, Sendable {
    public let count: Int
    public let mean: Double
    /// The sample SD (divisor n - 1); nil for a single value, where spread cannot be measured.
    public let standardDeviation: Double?

    /// Throws on no values or a non-finite one; `argument` names the list in the error.
    public init(_ values: [Double], argument: String = "values") throws {
        try requireCount(values, atLeast: 1, argument)
        try requireFinite(values, argument)
        count = values.count
        // Two passes: the one-pass sum of squares loses digits when the mean is large.
        mean = values.reduce(0, +) / Double(values.count)
        if values.count < 2 {
            standardDeviation = nil
        } else {
            let m = mean
            let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            standardDeviation = (squares / Double(values.count - 1)).squareRoot()
        }
    }
}
