/// Fleiss' kappa (Fleiss 1971): agreement among a fixed number of raters per item on nominal
/// categories, beyond what the overall category frequencies give by chance. The raters need
/// not be the same people for every item.
public struct FleissKappa: Equatable, Sendable {
    public let itemCount: Int
    public let ratersPerItem: Int
    /// Mean over items of the share of agreeing rater pairs.
    public let observedAgreement: Double
    /// Sum over categories of the squared overall share of ratings.
    public let expectedAgreement: Double
    /// nil when every rating is the same category (chance agreement is 1).
    public let kappa: Double?

    /// `ratings[i]` holds item i's ratings, the same number (at least 2) for every item.
    public init<Category: Hashable>(ratings: [[Category]]) throws {
        try requireCount(ratings, atLeast: 1, "ratings")
        let raters = ratings[0].count
        if raters < 2 {
            throw ScoringError.tooFew(argument: "ratings[0]", minimum: 2, found: raters)
        }
        var totals: [Category: Int] = [:]
        var agreementSum = 0.0
        for (index, item) in ratings.enumerated() where item.count != raters {
            throw ScoringError.lengthMismatch(argument: "ratings[\(index)]", expected: raters, found: item.count,
                                              pairedWith: "ratings[0]")
        }
        for item in ratings {
            var counts: [Category: Int] = [:]
            for rating in item { counts[rating, default: 0] += 1 }
            // Agreeing ordered pairs: sum of n_ij (n_ij - 1), over n (n - 1) pairs.
            let agreeing = counts.values.reduce(0) { $0 + $1 * ($1 - 1) }
            agreementSum += Double(agreeing) / Double(raters * (raters - 1))
            for (category, count) in counts { totals[category, default: 0] += count }
        }
        let allRatings = Double(ratings.count * raters)
        let expected = totals.values.reduce(0.0) { $0 + (Double($1) / allRatings) * (Double($1) / allRatings) }
        let observed = agreementSum / Double(ratings.count)
        itemCount = ratings.count
        ratersPerItem = raters
        observedAgreement = observed
        expectedAgreement = expected
        kappa = expected >= 1 ? nil : (observed - expected) / (1 - expected)
    }
}
