import Scoring
import Support

/// One agreement statistic of the raters on one dimension (or on the picks), with its
/// percentile-bootstrap interval over the items it was computed on.
public struct AgreementStatistic: Sendable {
    /// A rubric dimension's id, or the pick column's.
    public let dimension: String
    /// `fleiss_kappa`, `krippendorff_alpha_ordinal`, `icc_2_1`, `weighted_kappa_quadratic`, `pick_fleiss_kappa`.
    public let metric: String
    /// Every rater, or the pair of a pairwise kappa.
    public let raters: [String]
    /// The items (cases for picks) the statistic used.
    public let items: Int
    /// nil when there were too few items to compute it at all.
    public let value: BootstrapEstimate?

    public var label: String {
        switch metric {
        case "fleiss_kappa": return "Fleiss' kappa"
        case "krippendorff_alpha_ordinal": return "Krippendorff's alpha (ordinal)"
        case "icc_2_1": return "ICC(2,1)"
        case "weighted_kappa_quadratic": return "Cohen's kappa (quadratic weights)"
        case "pick_fleiss_kappa": return "Fleiss' kappa of picks"
        default: return metric
        }
    }

    /// The store's item for its score: the dimension, and the pair for a pairwise kappa.
    public var subject: String { raters.count == 2 && metric == "weighted_kappa_quadratic" ? "\(dimension) \(raters[0]) vs \(raters[1])" : dimension }

    public var detailsJSON: JSONValue {
        var o: [String: JSONValue] = ["raters": .array(raters.map { .string($0) }), "items": .number(Double(items)),
                                      "ci": RatingSummary.intervalJSON(value), "resampled": metric == "pick_fleiss_kappa" ? "cases" : "items"]
        if let value { o["resamples"] = .number(Double(value.resamples)); o["seed"] = .string(String(value.seed)) }
        return .object(o)
    }
}

/// Agreement among two or more raters per rubric dimension: Fleiss' kappa (nominal, items every
/// rater rated), Krippendorff's alpha (ordinal, all ratings, missing allowed), ICC(2,1) (items every
/// rater rated), quadratic-weighted Cohen's kappa for every pair of raters (items both rated), and
/// Fleiss' kappa of the picked labels on cases every rater picked in. Each with a percentile
/// bootstrap over its items, so a kappa of 0.6 on 12 items is seen to be uncertain.
enum RatingAgreement {
    static func statistics(key: BlindingKey, sheets: [RaterSheet], bootstrap: Bootstrap, confidence: Double) throws -> [AgreementStatistic] {
        let names = sheets.map(\.rater)
        let byRater = sheets.map { sheet in Dictionary(sheet.ratings.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a }) }
        func interval(_ count: Int, _ statistic: @escaping ([Int]) -> Double?) throws -> BootstrapEstimate? {
            count == 0 ? nil : try bootstrap.interval(itemCount: count, confidence: confidence, statistic: statistic)
        }
        var out: [AgreementStatistic] = []
        for d in key.rubric.dimensions {
            // rows[i][r]: rater r's value for item i on d.
            let rows: [[Int?]] = key.items.map { item in byRater.map { $0[item.id]?.values[d.id] } }
            let complete: [[Int]] = rows.compactMap { row in row.allSatisfy { $0 != nil } ? row.compactMap { $0 } : nil }
            let pairable = rows.filter { $0.compactMap { $0 }.count >= 2 }.map { $0.map { $0.map(Double.init) } }

            out.append(AgreementStatistic(dimension: d.id, metric: "fleiss_kappa", raters: names, items: complete.count,
                                          value: try interval(complete.count) { i in try? FleissKappa(ratings: i.map { complete[$0] }).kappa }))
            out.append(AgreementStatistic(dimension: d.id, metric: "krippendorff_alpha_ordinal", raters: names, items: pairable.count,
                                          value: try interval(pairable.count) { i in
                                              try? KrippendorffAlpha(ratings: i.map { pairable[$0] }, level: .ordinal).alpha }))
            let scores = complete.map { $0.map(Double.init) }
            out.append(AgreementStatistic(dimension: d.id, metric: "icc_2_1", raters: names, items: complete.count,
                                          value: try interval(complete.count < 2 ? 0 : complete.count) { i in
                                              try? IntraclassCorrelation(scores: i.map { scores[$0] }).absoluteAgreementSingle }))
            for a in 0..<names.count {
                for b in (a + 1)..<names.count {
                    let both = rows.compactMap { row -> (Int, Int)? in
                        guard let x = row[a], let y = row[b] else { return nil }
                        return (x, y)
                    }
                    out.append(AgreementStatistic(dimension: d.id, metric: "weighted_kappa_quadratic", raters: [names[a], names[b]],
                                                  items: both.count, value: try interval(both.count) { i in
                                                      try? CohenKappa(first: i.map { both[$0].0 }, second: i.map { both[$0].1 },
                                                                      categories: d.scale.values, weighting: .quadratic).kappa }))
                }
            }
        }
        if let pick = key.pick {
            // Per case, the label each rater picked; cases where some rater picked nothing are left out.
            var labels: [String: [String: String]] = [:]
            for (r, ratings) in byRater.enumerated() {
                for (id, rating) in ratings where rating.picked {
                    if let item = key.item(id) { labels[item.caseID, default: [:]][names[r]] = item.label }
                }
            }
            let picked: [[String]] = key.caseIDs.compactMap { c in
                let m = labels[c] ?? [:]
                return m.count == names.count ? names.map { m[$0] ?? "" } : nil
            }
            out.append(AgreementStatistic(dimension: pick.id, metric: "pick_fleiss_kappa", raters: names, items: picked.count,
                                          value: try interval(picked.count) { i in try? FleissKappa(ratings: i.map { picked[$0] }).kappa }))
        }
        return out
    }
}
