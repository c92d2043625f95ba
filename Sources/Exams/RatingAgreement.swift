import Scoring

/// Agreement between raters of open-ended answers on an ordinal 1-5 scale, such as the two
/// expert ratings shipped with the radiation-oncology questions, or a judge model against them.
public struct RatingAgreement: Equatable, Sendable {
    public let raters: [String]
    public let itemCount: Int
    /// Items where every rater gave the same rating.
    public let exactAgreements: Int
    /// Mean rating per rater, aligned with `raters`.
    public let meanRatings: [Double]
    /// Quadratic-weighted Cohen's kappa; only for exactly two raters.
    public let weightedKappa: Double?
    /// Krippendorff's alpha at the ordinal level, over all raters.
    public let ordinalAlpha: Double?

    public static let scale = [1, 2, 3, 4, 5]

    /// `ratings[r][i]` is rater r's rating of item i (all raters rate the same items, in order).
    /// Throws on fewer than 2 raters, mismatched lengths or a rating off the 1-5 scale.
    public init(raters: [String], ratings: [[Int]]) throws {
        if raters.count < 2 || ratings.count != raters.count {
            throw ScoringError.tooFew(argument: "raters (with one rating list each)", minimum: 2, found: min(raters.count, ratings.count))
        }
        let count = ratings[0].count
        try requireNonEmpty(ratings[0], "ratings[0]")
        for (r, list) in ratings.enumerated() {
            if list.count != count {
                throw ScoringError.lengthMismatch(argument: "ratings[\(r)]", expected: count, found: list.count, pairedWith: "ratings[0]")
            }
            if let (i, bad) = list.enumerated().first(where: { !Self.scale.contains($0.element) }) {
                throw ScoringError.outOfRange(argument: "ratings[\(r)]", index: i, value: Double(bad), expected: "1...5")
            }
        }
        self.raters = raters
        itemCount = count
        exactAgreements = (0..<count).filter { i in Set(ratings.map { $0[i] }).count == 1 }.count
        meanRatings = ratings.map { Double($0.reduce(0, +)) / Double(count) }
        weightedKappa = ratings.count == 2
            ? try CohenKappa(first: ratings[0], second: ratings[1], categories: Self.scale, weighting: .quadratic).kappa : nil
        ordinalAlpha = try KrippendorffAlpha(ratings: (0..<count).map { i in ratings.map { Double($0[i]) } }, level: .ordinal).alpha
    }

    /// The two expert ratings of an open-ended set loaded by `RadOncAdapter` ("rating.questioner",
    /// "rating.second"). Throws when an item lacks one.
    public init(expertsOf dataset: ExamDataset) throws {
        let pairs = try Self.expertRatings(of: dataset)
        try self.init(raters: ["questioner", "second"], ratings: [pairs.map(\.0), pairs.map(\.1)])
    }

    /// The (questioner, second) expert ratings per item, in the set's order. Throws when an item lacks one.
    public static func expertRatings(of dataset: ExamDataset) throws -> [(Int, Int)] {
        try dataset.items.map { item in
            guard let a = item.annotations["rating.questioner"].flatMap(Int.init),
                  let b = item.annotations["rating.second"].flatMap(Int.init) else {
                throw ScoringError.invalid(argument: "dataset \(dataset.name)", reason: "item \(item.id) lacks an expert rating")
            }
            return (a, b)
        }
    }
}
