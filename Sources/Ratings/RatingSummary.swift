import Foundation
import Scoring
import Support

/// What the raters said, unblinded: per source and dimension the number of ratings and their mean
/// with a percentile-bootstrap interval over cases; per source the share of picks (when the sheet
/// has a pick column); and, with two or more raters, their agreement per dimension
/// (`RatingAgreement`). A pure function of the key, the sheets and the bootstrap settings.
public struct RatingSummary: Sendable {
    public struct SourceRow: Sendable {
        public let source: String
        public let dimension: String
        public let ratings: Int
        /// The mean over all raters' ratings, its interval from resampling cases (a case keeps all
        /// its raters' ratings together); nil when nobody rated this source on this dimension.
        public let mean: BootstrapEstimate?
    }

    public struct PickRow: Sendable {
        public let source: String
        /// Cases x raters in which this source's answer was picked.
        public let picks: Int
        /// picks / every (case, rater) pick made; nil when nobody picked anything.
        public let share: Double?
    }

    /// 1,000 resamples put the 2.5% quantile's Monte Carlo error around a percentage point of the
    /// statistic's range, enough for a rater study of tens of cases; the seed makes reruns equal.
    public static let defaultResamples = 1000
    public static let defaultSeed: UInt64 = 20_260_101

    public let rubric: Rubric
    public let pick: Rubric.Pick?
    public let raters: [String]
    public let cases: Int
    public let items: Int
    public let rows: [SourceRow]
    public let picks: [PickRow]
    /// Empty with fewer than two raters.
    public let agreement: [AgreementStatistic]
    public let bootstrap: Bootstrap
    public let confidence = 0.95

    public init(key: BlindingKey, sheets: [RaterSheet], resamples: Int = RatingSummary.defaultResamples,
                seed: UInt64 = RatingSummary.defaultSeed) throws {
        let bootstrap = try Bootstrap(resamples: resamples, seed: seed)
        rubric = key.rubric
        pick = key.pick
        raters = sheets.map(\.rater)
        cases = key.caseIDs.count
        items = key.items.count
        self.bootstrap = bootstrap
        var rows: [SourceRow] = []
        for source in key.sources {
            for d in key.rubric.dimensions {
                // Per case (in key order) the ratings of this source on d, all raters together.
                var byCase: [String: [Int]] = [:]
                for sheet in sheets {
                    for r in sheet.ratings {
                        guard let item = key.item(r.item), item.source == source, let v = r.values[d.id] else { continue }
                        byCase[item.caseID, default: []].append(v)
                    }
                }
                let groups = key.caseIDs.compactMap { byCase[$0] }
                let count = groups.reduce(0) { $0 + $1.count }
                let mean = groups.isEmpty ? nil : try bootstrap.interval(itemCount: groups.count, confidence: confidence) { indices in
                    let (sum, n) = indices.reduce((0, 0)) { ($0.0 + groups[$1].reduce(0, +), $0.1 + groups[$1].count) }
                    return n == 0 ? nil : Double(sum) / Double(n)
                }
                rows.append(SourceRow(source: source, dimension: d.id, ratings: count, mean: mean))
            }
        }
        self.rows = rows
        var pickCounts: [String: Int] = [:]
        for sheet in sheets {
            for r in sheet.ratings where r.picked {
                if let item = key.item(r.item) { pickCounts[item.source, default: 0] += 1 }
            }
        }
        let allPicks = pickCounts.values.reduce(0, +)
        picks = key.pick == nil ? [] : key.sources.map { s in
            PickRow(source: s, picks: pickCounts[s] ?? 0, share: allPicks == 0 ? nil : Double(pickCounts[s] ?? 0) / Double(allPicks))
        }
        agreement = sheets.count < 2 ? [] : try RatingAgreement.statistics(key: key, sheets: sheets, bootstrap: bootstrap, confidence: confidence)
    }

    public func row(source: String, dimension: String) -> SourceRow? { rows.first { $0.source == source && $0.dimension == dimension } }
    public func statistic(_ metric: String, dimension: String, raters pair: [String]? = nil) -> AgreementStatistic? {
        agreement.first { $0.metric == metric && $0.dimension == dimension && (pair == nil || $0.raters == pair ?? []) }
    }

    // MARK: Output

    public var markdown: String {
        var out = ["Raters: \(raters.count) (\(raters.joined(separator: ", "))); cases: \(cases); answers: \(items); "
                   + "rubric: \(rubric.name) (sha256 \(rubric.hash.hex.prefix(12))).",
                   "",
                   "Means with 95% percentile-bootstrap intervals over cases (\(bootstrap.resamples) resamples, seed \(bootstrap.seed)).",
                   "",
                   "| source | dimension | ratings | mean | 95% CI |", "|---|---|---|---|---|"]
        for row in rows {
            out.append("| \(row.source) | \(row.dimension) | \(row.ratings) | \(Self.f(row.mean?.estimate, 2)) | \(Self.interval(row.mean, 2)) |")
        }
        if let pick {
            out += ["", "Picks (\(pick.id)):", "", "| source | picks | share of picks |", "|---|---|---|"]
            for row in picks { out.append("| \(row.source) | \(row.picks) | \(Self.f(row.share, 3)) |") }
        }
        if agreement.isEmpty {
            out += ["", "Agreement: needs at least 2 raters."]
        } else {
            out += ["", "Agreement between raters, with 95% percentile-bootstrap intervals over items (\(bootstrap.resamples) resamples, "
                    + "seed \(bootstrap.seed)). Fleiss' kappa and ICC(2,1) use the items every rater rated; Krippendorff's alpha all "
                    + "ratings; Cohen's kappa the items both raters of a pair rated.", "",
                    "| dimension | statistic | raters | items | value | 95% CI |", "|---|---|---|---|---|---|"]
            for s in agreement {
                out.append("| \(s.dimension) | \(s.label) | \(s.raters.joined(separator: ", ")) | \(s.items) | \(Self.f(s.value?.estimate, 3)) | \(Self.interval(s.value, 3)) |")
            }
        }
        out += ["", "Ratings are people's judgements of unverified answers: decision support, not verified results."]
        return out.joined(separator: "\n") + "\n"
    }

    /// The bootstrap settings, as recorded with the stored run.
    public var settingsJSON: JSONValue {
        .object(["bootstrap": .object(["resamples": .number(Double(bootstrap.resamples)), "seed": .string(String(bootstrap.seed)),
                                       "confidence": .number(confidence), "method": "percentile"])])
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "rubric": .string(rubric.name), "rubric_sha256": .string(rubric.hash.hex),
            "raters": .array(raters.map { .string($0) }), "cases": .number(Double(cases)), "items": .number(Double(items)),
            "bootstrap": settingsJSON["bootstrap"] ?? .null,
            "means": .array(rows.map { .object(["source": .string($0.source), "dimension": .string($0.dimension),
                                                "ratings": .number(Double($0.ratings)), "mean": Self.number($0.mean?.estimate),
                                                "ci": Self.intervalJSON($0.mean), "resampled": "cases"]) }),
            "agreement": .array(agreement.map { s in
                var o = s.detailsJSON.objectValue ?? [:]
                o["dimension"] = .string(s.dimension)
                o["metric"] = .string(s.metric)
                o["value"] = Self.number(s.value?.estimate)
                return .object(o)
            }),
        ]
        if let pick {
            members["pick"] = .string(pick.id)
            members["picks"] = .array(picks.map { .object(["source": .string($0.source), "picks": .number(Double($0.picks)),
                                                           "share": Self.number($0.share)]) })
        }
        return .object(members)
    }

    static func number(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }

    /// {"lower", "upper", "undefined_resamples"}, or null without an interval.
    static func intervalJSON(_ e: BootstrapEstimate?) -> JSONValue {
        guard let e, let i = e.interval else { return .null }
        return .object(["lower": .number(i.lower), "upper": .number(i.upper), "undefined_resamples": .number(Double(e.undefinedResamples))])
    }

    static func f(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
    static func interval(_ e: BootstrapEstimate?, _ digits: Int) -> String {
        guard let i = e?.interval else { return "n/a" }
        return "\(f(i.lower, digits)) to \(f(i.upper, digits))"
    }
}
