/// Holm's step-down correction for many tests at once (Holm 1979), such as one McNemar test
/// per exam subject: it controls the chance of any false positive at alpha, and is never less
/// powerful than Bonferroni.
public struct HolmCorrection: Equatable, Sendable {
    public let alpha: Double
    /// Aligned with the input: max over the j-th smallest p-values up to this one of
    /// min(1, (m - j + 1) * p_(j)), the adjustment that keeps them monotone.
    public let adjustedPValues: [Double]
    /// adjusted p <= alpha.
    public let rejected: [Bool]

    /// Throws on no p-values, one outside [0, 1], or alpha outside (0, 1).
    public init(pValues: [Double], alpha: Double = 0.05) throws {
        try requireCount(pValues, atLeast: 1, "pValues")
        try requireProbabilities(pValues, "pValues")
        try requireOpenUnit(alpha, "alpha")
        let m = pValues.count
        // Ties keep input order, so the result does not depend on the sort's stability.
        let order = pValues.indices.sorted { pValues[$0] != pValues[$1] ? pValues[$0] < pValues[$1] : $0 < $1 }
        var adjusted = [Double](repeating: 0, count: m)
        var running = 0.0
        for (step, index) in order.enumerated() {
            running = Swift.max(running, Swift.min(1, Double(m - step) * pValues[index]))
            adjusted[index] = running
        }
        self.alpha = alpha
        adjustedPValues = adjusted
        rejected = adjusted.map { $0 <= alpha }
    }
}
