/// A statistic with its bootstrap percentile interval.
public struct BootstrapEstimate: Equatable, Sendable {
    /// The statistic on the original items; nil where it is undefined there.
    public let estimate: Double?
    /// nil when every resample was undefined.
    public let interval: Interval?
    public let confidence: Double
    public let resamples: Int
    /// Resamples where the statistic was undefined, left out of the interval.
    public let undefinedResamples: Int
    public let seed: UInt64
}
