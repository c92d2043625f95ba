import Foundation
import Scoring
import Support

/// What the raters said, unblinded: per source the mean rating and the share of "most useful"
/// picks (the paper's headline: the expert's set was picked in 29 of 34 answers), and, with two
/// or more raters, how far they agree. A pure function of the key and the sheets.
public struct RatingSummary: Sendable {
    public struct SourceRow: Sendable {
        public let source: String
        public let ratings: Int
        public let meanRating: Double?
        /// Cases x raters in which this source's set was marked most useful.
        public let picks: Int
        /// picks / every (case, rater) answer that marked some set.
        public let pickShare: Double?
    }

    /// Agreement among raters, on the items every rater rated (and the cases every rater marked).
    public struct Agreement: Sendable {
        public let raters: Int
        public let itemsRatedByAll: Int
        /// ICC(2,1): two-way random, absolute agreement, single rater (Shrout and Fleiss 1979).
        public let icc: Double?
        /// Fleiss' kappa of the ratings as categories.
        public let fleissKappa: Double?
        /// Quadratic-weighted Cohen's kappa, with exactly two raters.
        public let weightedKappa: Double?
        /// Krippendorff's alpha (ordinal) over all ratings, missing ones allowed.
        public let krippendorffAlpha: Double?
        public let casesMarkedByAll: Int
        /// Fleiss' kappa of the set labels picked as most useful per case.
        public let pickKappa: Double?
    }

    public let raters: [String]
    public let cases: Int
    public let items: Int
    public let rows: [SourceRow]
    /// nil with fewer than two raters.
    public let agreement: Agreement?

    public init(key: BlindingKey, sheets: [RatingSheet]) throws {
        let source = Dictionary(key.items.map { ($0.id, $0.source) }, uniquingKeysWith: { a, _ in a })
        let caseOf = Dictionary(key.items.map { ($0.id, $0.caseID) }, uniquingKeysWith: { a, _ in a })
        var values: [String: [Int]] = [:]
        var picks: [String: Int] = [:]
        var answers = 0
        for sheet in sheets {
            for r in sheet.ratings {
                guard let s = source[r.item] else { continue }
                if let v = r.value { values[s, default: []].append(v) }
                if r.mostUseful { picks[s, default: 0] += 1; answers += 1 }
            }
        }
        raters = sheets.map(\.rater)
        cases = key.caseIDs.count
        items = key.items.count
        rows = key.sources.map { s in
            let v = values[s] ?? []
            return SourceRow(source: s, ratings: v.count, meanRating: v.isEmpty ? nil : Double(v.reduce(0, +)) / Double(v.count),
                             picks: picks[s] ?? 0, pickShare: answers == 0 ? nil : Double(picks[s] ?? 0) / Double(answers))
        }
        agreement = sheets.count < 2 ? nil : try Self.agreement(key: key, sheets: sheets, caseOf: caseOf)
    }

    static func agreement(key: BlindingKey, sheets: [RatingSheet], caseOf: [String: String]) throws -> Agreement {
        let byRater = sheets.map { sheet in Dictionary(sheet.ratings.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a }) }
        // Items rated by every rater, as rows of one value per rater.
        let complete: [[Int]] = key.items.compactMap { item in
            let v = byRater.compactMap { $0[item.id]?.value }
            return v.count == sheets.count ? v : nil
        }
        let scores = complete.map { $0.map(Double.init) }
        let icc = complete.count >= 2 ? try IntraclassCorrelation(scores: scores).absoluteAgreementSingle : nil
        let fleiss = complete.isEmpty ? nil : try FleissKappa(ratings: complete).kappa
        let cohen = sheets.count == 2 && !complete.isEmpty
            ? try CohenKappa(first: complete.map { $0[0] }, second: complete.map { $0[1] }, categories: key.scale.values, weighting: .quadratic).kappa
            : nil
        let all: [[Double?]] = key.items.map { item in byRater.map { $0[item.id]?.value.map(Double.init) } }
        let alpha = try KrippendorffAlpha(ratings: all, level: .ordinal).alpha
        // Per case, the label each rater marked; cases where someone marked nothing are left out.
        var marks: [String: [String: String]] = [:]
        for (r, ratings) in byRater.enumerated() {
            for (id, rating) in ratings where rating.mostUseful {
                if let c = caseOf[id], let item = key.item(id) { marks[c, default: [:]][sheets[r].rater] = item.label }
            }
        }
        let picked = key.caseIDs.compactMap { c -> [String]? in
            let m = marks[c] ?? [:]
            return m.count == sheets.count ? sheets.map { m[$0.rater] ?? "" } : nil
        }
        let pickKappa = picked.isEmpty ? nil : try FleissKappa(ratings: picked).kappa
        return Agreement(raters: sheets.count, itemsRatedByAll: complete.count, icc: icc, fleissKappa: fleiss, weightedKappa: cohen,
                         krippendorffAlpha: alpha, casesMarkedByAll: picked.count, pickKappa: pickKappa)
    }

    // MARK: Output

    public var markdown: String {
        var out = ["Raters: \(raters.count) (\(raters.joined(separator: ", "))); cases: \(cases); option sets: \(items).", "",
                   "| source | ratings | mean rating | most useful | share of picks |", "|---|---|---|---|---|"]
        for row in rows {
            out.append("| \(row.source) | \(row.ratings) | \(f(row.meanRating, 2)) | \(row.picks) | \(f(row.pickShare, 3)) |")
        }
        if let a = agreement {
            out += ["", "Agreement of \(a.raters) raters on the \(a.itemsRatedByAll) sets every rater rated: ICC(2,1) \(f(a.icc, 3)); "
                    + "Fleiss' kappa \(f(a.fleissKappa, 3))" + (a.raters == 2 ? "; quadratic-weighted Cohen's kappa \(f(a.weightedKappa, 3))" : "")
                    + "; Krippendorff's alpha (ordinal, all ratings) \(f(a.krippendorffAlpha, 3)). "
                    + "Most-useful picks on the \(a.casesMarkedByAll) cases every rater marked: Fleiss' kappa \(f(a.pickKappa, 3))."]
        } else {
            out += ["", "Agreement: needs at least 2 raters."]
        }
        return out.joined(separator: "\n")
    }

    public var json: JSONValue {
        func n(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
        var members: [String: JSONValue] = [
            "raters": .array(raters.map { .string($0) }), "cases": .number(Double(cases)), "items": .number(Double(items)),
            "sources": .array(rows.map { .object(["source": .string($0.source), "ratings": .number(Double($0.ratings)),
                                                   "mean_rating": n($0.meanRating), "picks": .number(Double($0.picks)),
                                                   "pick_share": n($0.pickShare)]) }),
        ]
        if let a = agreement {
            members["agreement"] = .object([
                "raters": .number(Double(a.raters)), "items_rated_by_all": .number(Double(a.itemsRatedByAll)), "icc_2_1": n(a.icc),
                "fleiss_kappa": n(a.fleissKappa), "weighted_kappa_quadratic": n(a.weightedKappa), "krippendorff_alpha_ordinal": n(a.krippendorffAlpha),
                "cases_marked_by_all": .number(Double(a.casesMarkedByAll)), "pick_fleiss_kappa": n(a.pickKappa),
            ])
        }
        return .object(members)
    }

    func f(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
}
