/// Correlations between two paired lists of values (two models' scores for the same genes,
/// two replicates, a ranking and a reference ranking). Each returns nil when it is undefined
/// because one list is constant: "no correlation measurable" is not 0.
public enum Correlation {
    /// Pearson's r.
    public static func pearson(_ first: [Double], _ second: [Double]) throws -> Double? {
        try checkPair(first, second)
        return pearsonUnchecked(first, second)
    }

    /// Spearman's rho: Pearson's r of the average ranks, so ties are handled as scipy's
    /// `spearmanr` handles them.
    public static func spearman(_ first: [Double], _ second: [Double]) throws -> Double? {
        try checkPair(first, second)
        return pearsonUnchecked(try Ranking.averageRanks(first, argument: "first"),
                                try Ranking.averageRanks(second, argument: "second"))
    }

    /// Kendall's tau-b, which corrects for ties in either list:
    /// (concordant - discordant) / sqrt((n0 - tiesFirst) * (n0 - tiesSecond)), n0 = n(n-1)/2.
    /// Counts all pairs, O(n^2): fine for the few hundred genes of a module.
    public static func kendallTauB(_ first: [Double], _ second: [Double]) throws -> Double? {
        try checkPair(first, second)
        var score = 0, tiedFirst = 0, tiedSecond = 0
        let n = first.count
        for i in 0..<n {
            for j in (i + 1)..<n {
                let a = sign(first[i] - first[j]), b = sign(second[i] - second[j])
                score += a * b
                if a == 0 { tiedFirst += 1 }
                if b == 0 { tiedSecond += 1 }
            }
        }
        let pairs = n * (n - 1) / 2
        let denominator = (Double(pairs - tiedFirst) * Double(pairs - tiedSecond)).squareRoot()
        return denominator == 0 ? nil : Double(score) / denominator
    }

    private static func checkPair(_ first: [Double], _ second: [Double]) throws {
        try requireCount(first, atLeast: 2, "first")
        try requireSameCount(first, "first", second, "second")
        try requireFinite(first, "first")
        try requireFinite(second, "second")
    }

    private static func sign(_ x: Double) -> Int { x > 0 ? 1 : (x < 0 ? -1 : 0) }

    static func pearsonUnchecked(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            let dx = a - meanX, dy = b - meanY
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        if sxx == 0 || syy == 0 { return nil }
        // Rounding can carry |r| a hair past 1 for perfectly related lists.
        return Swift.max(-1, Swift.min(1, sxy / (sxx * syy).squareRoot()))
    }
}
