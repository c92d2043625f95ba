/// Intraclass correlations of Shrout and Fleiss (Psychological Bulletin 86, 1979) for n items each
/// scored by the same k raters (models, replicates), from the two-way ANOVA mean squares.
public struct IntraclassCorrelation: Equatable, Sendable {
    public let itemCount: Int
    public let raterCount: Int
    /// Between-items mean square (rows).
    public let itemsMeanSquare: Double
    /// Between-raters mean square (columns).
    public let ratersMeanSquare: Double
    /// Residual mean square of the two-way model.
    public let residualMeanSquare: Double
    /// Within-item mean square of the one-way model (raters and residual together).
    public let withinMeanSquare: Double

    /// `scores[i][r]` is rater r's score for item i; at least 2 items and 2 raters, no gaps.
    public init(scores: [[Double]]) throws {
        try requireCount(scores, atLeast: 2, "scores")
        let k = scores[0].count
        if k < 2 { throw ScoringError.tooFew(argument: "scores[0]", minimum: 2, found: k) }
        for (index, row) in scores.enumerated() {
            if row.count != k {
                throw ScoringError.lengthMismatch(argument: "scores[\(index)]", expected: k, found: row.count,
                                                  pairedWith: "scores[0]")
            }
            try requireFinite(row, "scores[\(index)]")
        }
        let n = scores.count
        let grand = scores.joined().reduce(0, +) / Double(n * k)
        let rowMeans = scores.map { $0.reduce(0, +) / Double(k) }
        let columnMeans = (0..<k).map { r in scores.reduce(0) { $0 + $1[r] } / Double(n) }
        let total = scores.joined().reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        let rows = Double(k) * rowMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        let columns = Double(n) * columnMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        let residual = total - rows - columns
        itemCount = n
        raterCount = k
        itemsMeanSquare = rows / Double(n - 1)
        ratersMeanSquare = columns / Double(k - 1)
        residualMeanSquare = residual / Double((n - 1) * (k - 1))
        withinMeanSquare = (columns + residual) / Double(n * (k - 1))
    }

    /// ICC(1,1): one-way random, each item rated by different raters; single score.
    public var oneWaySingle: Double? {
        ratio(itemsMeanSquare - withinMeanSquare, itemsMeanSquare + Double(raterCount - 1) * withinMeanSquare)
    }

    /// ICC(2,1): two-way random, absolute agreement; single score. Raters' offsets count against it.
    public var absoluteAgreementSingle: Double? {
        let k = Double(raterCount), n = Double(itemCount)
        return ratio(itemsMeanSquare - residualMeanSquare,
                     itemsMeanSquare + (k - 1) * residualMeanSquare + k * (ratersMeanSquare - residualMeanSquare) / n)
    }

    /// ICC(3,1): two-way mixed, consistency; single score. Raters' offsets do not count.
    public var consistencySingle: Double? {
        ratio(itemsMeanSquare - residualMeanSquare, itemsMeanSquare + Double(raterCount - 1) * residualMeanSquare)
    }

    /// ICC(2,k): absolute agreement of the mean of the k raters.
    public var absoluteAgreementAverage: Double? {
        ratio(itemsMeanSquare - residualMeanSquare,
              itemsMeanSquare + (ratersMeanSquare - residualMeanSquare) / Double(itemCount))
    }

    /// ICC(3,k): consistency of the mean of the k raters (Cronbach's alpha).
    public var consistencyAverage: Double? {
        ratio(itemsMeanSquare - residualMeanSquare, itemsMeanSquare)
    }

    /// nil where the denominator is 0 (every score equal).
    private func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator == 0 ? nil : numerator / denominator
    }
}
