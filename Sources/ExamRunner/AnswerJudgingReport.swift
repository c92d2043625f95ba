import Foundation
import Scoring
import Support

/// How judges rated the answers of case-answer runs (`bench judge --answers RUN`): per answering
/// model and judge the mean rating with a 95% percentile-bootstrap interval over the items it
/// rated, and, with two or more judges, the judges' agreement with each other (Krippendorff's
/// ordinal alpha, items a judge did not rate left out of its column). The set's expert ratings
/// are of its shipped answers, not of these, so no agreement with experts is reported here.
public struct AnswerJudgingReport: Sendable {
    public struct JudgeRow: Sendable, Equatable {
        /// The rubric dimension rated (`rating` on the single 1-5 rubric).
        public let dimension: String
        public let judge: String
        public let judgeRunID: String
        public let rated: Int
        public let unparseable: Int
        public let failed: Int
        public let missing: Int
        public let mean: Double?
        public let lower: Double?
        public let upper: Double?
    }

    public struct AnswerRow: Sendable, Equatable {
        public let model: String
        public let answerRunID: String
        /// Items of the answer run that have an answer, the ones judged.
        public let judgedItems: Int
        /// Items of the answer run without one (its call failed or was never made): not judged.
        public let unanswered: Int
        public let judges: [JudgeRow]
        /// Per dimension, Krippendorff's ordinal alpha among the judges; empty with fewer than two judges.
        public let panel: [PanelAgreement]
    }

    public struct PanelAgreement: Sendable, Equatable {
        public let dimension: String
        /// nil when undefined (no item rated by two judges, one rating throughout).
        public let alpha: Double?
        public let note: String?
    }

    public let dataset: String
    public let dimensions: [String]
    public let rows: [AnswerRow]

    /// Same seed for every row and every run of the report, so intervals are reproducible.
    public static let bootstrapSeed: UInt64 = 20_230_601
    public static let resamples = 10_000

    /// `judged[i]` holds the judge runs over the answers of `answers[i]`, all on the same items in
    /// order; `dimensions` are the rubric's, each reported on its own.
    public init(dataset: String, dimensions: [String], answers: [CaseAnswerRun], judged: [[JudgeRun]]) throws {
        self.dataset = dataset
        self.dimensions = dimensions
        rows = try zip(answers, judged).map { run, judgeRuns in
            let judgedItems = judgeRuns.first?.itemIDs.count ?? run.answers.count
            let judges = try dimensions.flatMap { dimension in try judgeRuns.map { try Self.judgeRow($0, dimension: dimension) } }
            let panel: [PanelAgreement] = judgeRuns.count < 2 ? [] : dimensions.map { dimension in
                let matrix = (0..<judgedItems).map { i in judgeRuns.map { $0.verdicts[i].rating(dimension).map(Double.init) } }
                do {
                    let alpha = try KrippendorffAlpha(ratings: matrix, level: .ordinal).alpha
                    return PanelAgreement(dimension: dimension, alpha: alpha,
                                          note: alpha == nil ? "undefined: no item rated by two judges, or one rating throughout" : nil)
                } catch {
                    return PanelAgreement(dimension: dimension, alpha: nil, note: "\(error)")
                }
            }
            return AnswerRow(model: run.label, answerRunID: run.runID.rawValue, judgedItems: judgedItems,
                             unanswered: run.itemIDs.count - judgedItems, judges: judges, panel: panel)
        }
    }

    static func judgeRow(_ run: JudgeRun, dimension: String) throws -> JudgeRow {
        let ratings = run.verdicts.compactMap { $0.rating(dimension) }.map(Double.init)
        var mean: Double?, lower: Double?, upper: Double?
        if !ratings.isEmpty {
            let estimate = try Bootstrap(resamples: resamples, seed: bootstrapSeed).interval(itemCount: ratings.count) { indices in
                indices.reduce(0) { $0 + ratings[$1] } / Double(indices.count)
            }
            mean = estimate.estimate
            lower = estimate.interval?.lower
            upper = estimate.interval?.upper
        }
        return JudgeRow(dimension: dimension, judge: run.label, judgeRunID: run.runID.rawValue, rated: ratings.count, unparseable: run.unparseableCount,
                        failed: run.failedCount, missing: run.missingCount, mean: mean, lower: lower, upper: upper)
    }

    // MARK: Output

    public var markdown: String {
        func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "n/a" }
        var lines = [
            "# Judged case answers: \(dataset)", "",
            "Mean judge rating per rubric dimension with a 95% percentile-bootstrap interval over the items rated (\(Self.resamples) resamples, "
                + "seed \(Self.bootstrapSeed)); panel alpha is Krippendorff's ordinal alpha among the judges. The set's expert ratings "
                + "are of its shipped answers, so no agreement with them is shown. Judge ratings are decision support about the "
                + "answers, not verified ratings.", "",
            "| answering model | answer run | judged | unanswered | dimension | judge | rated | mean | 95% CI | unparseable | failed | not asked |",
            "|---|---|---:|---:|---|---|---:|---:|---|---:|---:|---:|",
        ]
        for row in rows {
            for judge in row.judges {
                let interval = judge.lower.flatMap { l in judge.upper.map { String(format: "%.2f-%.2f", l, $0) } } ?? "n/a"
                lines.append("| \(row.model) | \(row.answerRunID) | \(row.judgedItems) | \(row.unanswered) | \(judge.dimension) | \(judge.judge) | \(judge.rated) "
                             + "| \(number(judge.mean, "%.2f")) | \(interval) | \(judge.unparseable) | \(judge.failed) | \(judge.missing) |")
            }
        }
        if rows.contains(where: { !$0.panel.isEmpty }) {
            lines += ["", "| answering model | dimension | judges | panel ordinal alpha | note |", "|---|---|---:|---:|---|"]
            for row in rows {
                for agreement in row.panel {
                    lines.append("| \(row.model) | \(agreement.dimension) | \(row.judges.count / max(1, dimensions.count)) "
                                 + "| \(number(agreement.alpha, "%.3f")) | \(agreement.note ?? "") |")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        func value(_ number: Double?) -> JSONValue { number.map { .number($0) } ?? .null }
        return [
            "dataset": .string(dataset), "dimensions": .array(dimensions.map { .string($0) }), "bootstrapSeed": .string(String(Self.bootstrapSeed)),
            "resamples": .number(Double(Self.resamples)),
            "answers": .array(rows.map { row in
                ["model": .string(row.model), "answerRunID": .string(row.answerRunID),
                 "judgedItems": .number(Double(row.judgedItems)), "unanswered": .number(Double(row.unanswered)),
                 "panel": .array(row.panel.map {
                     ["dimension": .string($0.dimension), "ordinalAlpha": value($0.alpha), "note": $0.note.map { .string($0) } ?? .null]
                 }),
                 "judges": .array(row.judges.map { judge in
                     ["dimension": .string(judge.dimension), "label": .string(judge.judge), "runID": .string(judge.judgeRunID), "rated": .number(Double(judge.rated)),
                      "mean": value(judge.mean), "ciLower": value(judge.lower), "ciUpper": value(judge.upper),
                      "unparseable": .number(Double(judge.unparseable)), "failed": .number(Double(judge.failed)),
                      "notAsked": .number(Double(judge.missing))]
                 })]
            }),
        ]
    }
}
