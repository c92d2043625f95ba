/// Quantiles of a sample by linear interpolation between order statistics (Hyndman and Fan's
/// type 7, numpy's and R's default): position (n - 1) * q in the sorted values.
enum Quantile {
    /// `sorted` must be non-empty and ascending; q in [0, 1].
    static func ofSorted(_ sorted: [Double], _ q: Double) -> Double {
        let position = Double(sorted.count - 1) * q
        let below = Int(position.rounded(.down))
        let above = Swift.min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + (sorted[above] - sorted[below]) * fraction
    }
}
