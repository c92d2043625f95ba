/// Cohen's kappa for two raters of the same items (Cohen 1960), and the weighted kappa for
/// ordinal scales (Cohen 1968), where a 4 against a 5 is a smaller disagreement than a 1 against a 5.
///
/// kappa = 1 - observed disagreement / disagreement expected by chance from the two raters'
/// own category frequencies; 1 is perfect, 0 chance level, below 0 worse than chance.
public struct CohenKappa: Equatable, Sendable {
    /// How much a pair of categories i, j (positions on the ordered scale of k) disagree.
    public enum Weighting: Sendable {
        /// 0 when equal, 1 otherwise: the unweighted kappa.
        case none
        /// |i - j| / (k - 1).
        case linear
        /// ((i - j) / (k - 1))^2, which equals an intraclass correlation for large samples.
        case quadratic
    }

    public let weighting: Weighting
    public let itemCount: Int
    /// Weighted share of disagreement observed (1 - observed agreement when unweighted).
    public let observedDisagreement: Double
    public let expectedDisagreement: Double
    /// nil when chance disagreement is 0 (both raters used one and the same category for every
    /// item): agreement beyond chance cannot be measured.
    public let kappa: Double?

    /// `categories` lists the scale in order (for the weights), e.g. [1, 2, 3, 4, 5]; every rating
    /// must be one of them. Throws on no items, mismatched lengths, fewer than 2 categories, a
    /// repeated category or a rating off the scale.
    public init<Category: Hashable>(first: [Category], second: [Category], categories: [Category],
                                    weighting: Weighting = .none) throws {
        try requireCount(first, atLeast: 1, "first")
        try requireSameCount(first, "first", second, "second")
        try requireCount(categories, atLeast: 2, "categories")
        var position: [Category: Int] = [:]
        for (index, category) in categories.enumerated() {
            if position.updateValue(index, forKey: category) != nil {
                throw ScoringError.invalid(argument: "categories", reason: "\(category) is listed twice (at \(index))")
            }
        }
        let k = categories.count
        var table = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for (index, (a, b)) in zip(first, second).enumerated() {
            guard let i = position[a] else {
                throw ScoringError.invalid(argument: "first", reason: "rating \(a) at \(index) is not among the categories")
            }
            guard let j = position[b] else {
                throw ScoringError.invalid(argument: "second", reason: "rating \(b) at \(index) is not among the categories")
            }
            table[i][j] += 1
        }
        let n = Double(first.count)
        let rowTotals = table.map { $0.reduce(0, +) }
        let columnTotals = (0..<k).map { j in table.reduce(0) { $0 + $1[j] } }
        var observed = 0.0, expected = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let w = Self.weight(i, j, k, weighting)
                observed += w * table[i][j] / n
                expected += w * rowTotals[i] * columnTotals[j] / (n * n)
            }
        }
        self.weighting = weighting
        itemCount = first.count
        observedDisagreement = observed
        expectedDisagreement = expected
        kappa = expected == 0 ? nil : 1 - observed / expected
    }

    private static func weight(_ i: Int, _ j: Int, _ k: Int, _ weighting: Weighting) -> Double {
        let distance = Double(abs(i - j)) / Double(k - 1)
        switch weighting {
        case .none: return i == j ? 0 : 1
        case .linear: return distance
        case .quadratic: return distance * distance
        }
    }
}
