import Foundation

/// Welch's two-sample t test (unequal variances), two-sided, as scipy's
/// `ttest_ind(a, b, equal_var=False)`.
public struct WelchTest: Equatable, Sendable {
    public let t: Double
    /// Welch-Satterthwaite degrees of freedom.
    public let degreesOfFreedom: Double
    public let p: Double

    /// Nil when a group has fewer than two values or both groups are constant (t undefined).
    public init?(_ first: [Double], _ second: [Double]) {
        guard first.count >= 2, second.count >= 2 else { return nil }
        let (m1, v1) = Self.meanVariance(first), (m2, v2) = Self.meanVariance(second)
        let s1 = v1 / Double(first.count), s2 = v2 / Double(second.count)
        guard s1 + s2 > 0 else { return nil }
        t = (m1 - m2) / (s1 + s2).squareRoot()
        degreesOfFreedom = (s1 + s2) * (s1 + s2)
            / (s1 * s1 / Double(first.count - 1) + s2 * s2 / Double(second.count - 1))
        p = StudentT.twoSidedP(t: t, degreesOfFreedom: degreesOfFreedom)
    }

    /// Mean and sample variance (n - 1).
    static func meanVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, squares / Double(values.count - 1))
    }
}

/// Student's t distribution tail, through the regularized incomplete beta function.
enum StudentT {
    /// P(|T| >= |t|) with `degreesOfFreedom` (which may be fractional, as Welch's is).
    static func twoSidedP(t: Double, degreesOfFreedom df: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        return regularizedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + t * t))
    }

    /// I_x(a, b) by the continued fraction of Numerical Recipes (betacf, modified Lentz), using
    /// the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(a: a, b: b, x: x) / a }
        return 1 - front * continuedFraction(a: b, b: a, x: 1 - x) / b
    }

    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        // 300 terms reach 1e-16 for the parameters of t tests on any realistic sample size.
        for m in 1...300 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
