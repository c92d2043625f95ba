import Exams
import Foundation
import Support

/// How judges' ratings agree with the two expert ratings, beside the experts' agreement with each
/// other: one row per pair compared, over the items both rated.
///
/// Each judge is compared with each expert and with the experts' mean (rounded half up to the
/// 1-5 scale, so kappa and alpha apply). With two or more judges, the panel's median (rounded
/// half up) over the items every judge rated is compared the same way. Items a judge did not
/// rate (unparseable reply, failed call, never asked) are counted in its row of `judges`, never
/// dropped silently.
public struct JudgePanelReport: Sendable {
    public struct Row: Sendable, Equatable {
        public let first: String
        public let second: String
        public let n: Int
        public let exactAgreements: Int
        public let weightedKappa: Double?
        public let ordinalAlpha: Double?
        public let meanFirst: Double?
        public let meanSecond: Double?
        /// Why the statistics are missing (no item in common, a constant rater), or nil.
        public let note: String?
    }

    public struct JudgeCounts: Sendable, Equatable {
        public let label: String
        public let runID: String
        public let rated: Int
        public let unparseable: Int
        public let failed: Int
        public let missing: Int
    }

    public let dataset: String
    public let itemCount: Int
    public let rows: [Row]
    public let judges: [JudgeCounts]

    public static let experts = ("questioner", "second")

    /// `expert` holds the two experts' ratings per item; `runs` the judges' verdicts on the same items, in order.
    public init(dataset: String, expert: [(Int, Int)], runs: [JudgeRun]) throws {
        for run in runs where run.verdicts.count != expert.count {
            throw ExamRunError.invalidSettings("judge run \(run.runID) holds \(run.verdicts.count) verdicts for \(expert.count) items")
        }
        self.dataset = dataset
        itemCount = expert.count
        let questioner = expert.map { Optional($0.0) }
        let second = expert.map { Optional($0.1) }
        let mean = expert.map { Optional(Self.roundHalfUp(Double($0.0 + $0.1) / 2)) }
        var rows = [Self.row("expert: questioner", "expert: second", questioner, second)]
        for run in runs {
            let ratings = run.verdicts.map(\.rating)
            rows.append(Self.row(run.label, "expert: questioner", ratings, questioner))
            rows.append(Self.row(run.label, "expert: second", ratings, second))
            rows.append(Self.row(run.label, "expert mean", ratings, mean))
        }
        if runs.count >= 2 {
            let median: [Int?] = (0..<expert.count).map { i in
                let values = runs.compactMap { $0.verdicts[i].rating }
                return values.count == runs.count ? Self.median(values) : nil
            }
            for (name, other) in [("expert: questioner", questioner), ("expert: second", second), ("expert mean", mean)] {
                rows.append(Self.row("panel median", name, median, other))
            }
        }
        self.rows = rows
        judges = runs.map {
            JudgeCounts(label: $0.label, runID: $0.runID.rawValue, rated: $0.verdicts.compactMap(\.rating).count,
                        unparseable: $0.unparseableCount, failed: $0.failedCount, missing: $0.missingCount)
        }
    }

    static func roundHalfUp(_ value: Double) -> Int { Int((value + 0.5).rounded(.down)) }

    /// The median, rounded half up when the count is even.
    static func median(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : roundHalfUp(Double(sorted[middle - 1] + sorted[middle]) / 2)
    }

    static func row(_ firstName: String, _ secondName: String, _ first: [Int?], _ second: [Int?]) -> Row {
        let pairs = zip(first, second).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        guard !pairs.isEmpty else {
            return Row(first: firstName, second: secondName, n: 0, exactAgreements: 0, weightedKappa: nil, ordinalAlpha: nil,
                       meanFirst: nil, meanSecond: nil, note: "no item rated by both")
        }
        let exact = pairs.filter { $0.0 == $0.1 }.count
        let meanA = Double(pairs.map(\.0).reduce(0, +)) / Double(pairs.count)
        let meanB = Double(pairs.map(\.1).reduce(0, +)) / Double(pairs.count)
        do {
            let agreement = try RatingAgreement(raters: [firstName, secondName], ratings: [pairs.map(\.0), pairs.map(\.1)])
            return Row(first: firstName, second: secondName, n: pairs.count, exactAgreements: exact,
                       weightedKappa: agreement.weightedKappa, ordinalAlpha: agreement.ordinalAlpha,
                       meanFirst: meanA, meanSecond: meanB, note: nil)
        } catch {
            return Row(first: firstName, second: secondName, n: pairs.count, exactAgreements: exact, weightedKappa: nil,
                       ordinalAlpha: nil, meanFirst: meanA, meanSecond: meanB, note: "\(error)")
        }
    }

    // MARK: Output

    public var markdown: String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
        func mean(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        var lines = [
            "# Judge agreement: \(dataset) (\(itemCount) items)", "",
            "Quadratic-weighted Cohen's kappa and Krippendorff's ordinal alpha over the items both rated. \"expert mean\" is the two "
                + "experts' mean rounded half up; the panel median (rounded half up) covers items every judge rated. "
                + "Agreement with experts is evidence about the judge, not a verified rating of the answers.", "",
            "| rater A | rater B | n | exact | weighted kappa | ordinal alpha | mean A | mean B | note |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in rows {
            let exact = row.n == 0 ? "0" : String(format: "%d (%.0f%%)", row.exactAgreements, 100 * Double(row.exactAgreements) / Double(row.n))
            lines.append("| \(row.first) | \(row.second) | \(row.n) | \(exact) | \(number(row.weightedKappa)) | \(number(row.ordinalAlpha)) "
                         + "| \(mean(row.meanFirst)) | \(mean(row.meanSecond)) | \(row.note ?? "") |")
        }
        if !judges.isEmpty {
            lines += ["", "| judge | run | rated | unparseable | failed | not asked |", "|---|---|---:|---:|---:|---:|"]
            for judge in judges {
                lines.append("| \(judge.label) | \(judge.runID) | \(judge.rated) | \(judge.unparseable) | \(judge.failed) | \(judge.missing) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        func value(_ number: Double?) -> JSONValue { number.map { .number($0) } ?? .null }
        return [
            "dataset": .string(dataset), "itemCount": .number(Double(itemCount)),
            "rows": .array(rows.map { row in
                ["raterA": .string(row.first), "raterB": .string(row.second), "n": .number(Double(row.n)),
                 "exactAgreements": .number(Double(row.exactAgreements)), "weightedKappa": value(row.weightedKappa),
                 "ordinalAlpha": value(row.ordinalAlpha), "meanA": value(row.meanFirst), "meanB": value(row.meanSecond),
                 "note": row.note.map { .string($0) } ?? .null]
            }),
            "judges": .array(judges.map {
                ["label": .string($0.label), "runID": .string($0.runID), "rated": .number(Double($0.rated)),
                 "unparseable": .number(Double($0.unparseable)), "failed": .number(Double($0.failed)),
                 "notAsked": .number(Double($0.missing))]
            }),
        ]
    }
}
