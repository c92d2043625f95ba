import Foundation

/// McNemar's exact test of two systems answering the same items: do they differ in accuracy?
/// Only the discordant items (one right, the other wrong) carry information; under the null each
/// is equally likely to go either way, so the p-value is the two-sided binomial(b + c, 1/2)
/// tail: min(1, 2 * P(X <= min(b, c))).
public struct McNemarTest: Equatable, Sendable {
    public let bothCorrect: Int
    /// b: items the first system got right and the second wrong.
    public let onlyFirstCorrect: Int
    /// c: items the second system got right and the first wrong.
    public let onlySecondCorrect: Int
    public let bothWrong: Int
    /// 1 when there are no discordant items: no evidence of a difference.
    public let pValue: Double

    /// Throws on no items or mismatched lengths: the lists are paired item by item.
    public init(firstCorrect: [Bool], secondCorrect: [Bool]) throws {
        try requireCount(firstCorrect, atLeast: 1, "firstCorrect")
        try requireSameCount(firstCorrect, "firstCorrect", secondCorrect, "secondCorrect")
        var a = 0, b = 0, c = 0, d = 0
        for (first, second) in zip(firstCorrect, secondCorrect) {
            switch (first, second) {
            case (true, true): a += 1
            case (true, false): b += 1
            case (false, true): c += 1
            case (false, false): d += 1
            }
        }
        self.init(checked: a, b, c, d)
    }

    /// From the 2x2 table's counts; throws when one is negative.
    public init(bothCorrect: Int, onlyFirstCorrect: Int, onlySecondCorrect: Int, bothWrong: Int) throws {
        for (name, count) in [("bothCorrect", bothCorrect), ("onlyFirstCorrect", onlyFirstCorrect),
                              ("onlySecondCorrect", onlySecondCorrect), ("bothWrong", bothWrong)] where count < 0 {
            throw ScoringError.outOfRange(argument: name, index: nil, value: Double(count), expected: "0 or more")
        }
        self.init(checked: bothCorrect, onlyFirstCorrect, onlySecondCorrect, bothWrong)
    }

    private init(checked a: Int, _ b: Int, _ c: Int, _ d: Int) {
        bothCorrect = a; onlyFirstCorrect = b; onlySecondCorrect = c; bothWrong = d
        let n = b + c
        pValue = n == 0 ? 1 : Swift.min(1, 2 * Self.binomialHalfLowerTail(Swift.min(b, c), n))
    }

    public var itemCount: Int { bothCorrect + onlyFirstCorrect + onlySecondCorrect + bothWrong }
    public var discordantCount: Int { onlyFirstCorrect + onlySecondCorrect }

    /// First accuracy minus second: (b - c) / n; nil for an empty table.
    public var accuracyDifference: Double? {
        itemCount == 0 ? nil : Double(onlyFirstCorrect - onlySecondCorrect) / Double(itemCount)
    }

    /// P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so that n in the thousands
    /// neither underflows 2^-n nor overflows the binomial coefficients.
    static func binomialHalfLowerTail(_ k: Int, _ n: Int) -> Double {
        func logFactorial(_ i: Int) -> Double {
            let value: Double = lgamma(Double(i) + 1)  // typed: Glibc also has a (Double, Int) overload
            return value
        }
        let logHalfPower = -Double(n) * log(2.0)
        var sum = 0.0
        for i in 0...k {
            sum += exp(logFactorial(n) - logFactorial(i) - logFactorial(n - i) + logHalfPower)
        }
        return sum
    }
}
