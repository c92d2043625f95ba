/// The smallest accuracy difference a paired comparison (two systems on the same n items) can
/// detect with McNemar's test at a two-sided `alpha` and a given `power`.
///
/// Approximation: Connor's normal approximation to McNemar's test (R. J. Connor, Biometrics 43,
/// 207-211, 1987). With psi the share of discordant items and delta the difference in
/// accuracies, sqrt(n) delta = z(1 - alpha/2) sqrt(psi) + z(power) sqrt(psi - delta^2), solved
/// in closed form for delta. It is for the asymptotic test: the exact test used by
/// `McNemarTest` is a little more conservative, so the true detectable difference is slightly
/// larger, most of all when n * psi (the expected discordant count) is small (under ~20).
public enum MinimumDetectableDifference {
    /// nil when no difference is detectable: delta cannot exceed psi (every discordant item
    /// going one way), and at this n even that would not reach the power.
    /// `discordantProportion` psi comes from a pilot or a previous run ((b + c) / n of a
    /// `McNemarTest`); power must be at least 0.5, as any planning power is.
    public static func pairedAccuracy(itemCount n: Int, discordantProportion psi: Double,
                                      alpha: Double = 0.05, power: Double = 0.8) throws -> Double? {
        try requirePositive(n, "itemCount")
        try requireOpenUnit(alpha, "alpha")
        try requireOpenUnit(power, "power")
        try requireFinite(psi, "discordantProportion")
        if psi <= 0 || psi > 1 {
            throw ScoringError.outOfRange(argument: "discordantProportion", index: nil, value: psi, expected: "(0, 1]")
        }
        if power < 0.5 {
            throw ScoringError.outOfRange(argument: "power", index: nil, value: power, expected: "[0.5, 1)")
        }
        let zAlpha = try NormalDistribution.quantile(1 - alpha / 2)
        let zPower = try NormalDistribution.quantile(power)
        // Squaring sqrt(n) d - a = zP sqrt(psi - d^2), a = zA sqrt(psi), gives
        // (n + zP^2) d^2 - 2 a sqrt(n) d + a^2 - zP^2 psi = 0; the larger root is the one with
        // sqrt(n) d >= a, as the unsquared equation needs when power >= 0.5.
        let count = Double(n)
        let a = zAlpha * psi.squareRoot()
        let b2 = zPower * zPower
        let discriminant = b2 * (psi * (count + b2) - a * a)
        if discriminant < 0 { return nil }
        let delta = (a * count.squareRoot() + discriminant.squareRoot()) / (count + b2)
        return delta <= psi ? delta : nil
    }
}
