import Foundation
import Support

/// What `bench cases answer` prints after its runs: per run the answers, failures, empty answers,
/// items not asked, mean answer length and tokens. Counts only: no item or answer text, so a
/// redacted set's material never reaches the terminal.
public struct CaseAnswerSummary: Sendable {
    public struct Row: Sendable, Equatable {
        public let label: String
        public let runID: String
        public let items: Int
        public let answers: Int
        public let failed: Int
        public let empty: Int
        public let missing: Int
        /// Characters, over the answers that are not empty.
        public let meanLength: Double?
        public let completionTokens: Int
    }

    public let rows: [Row]

    public init(_ runs: [CaseAnswerRun]) {
        rows = runs.map {
            Row(label: $0.label, runID: $0.runID.rawValue, items: $0.itemIDs.count, answers: $0.answers.count, failed: $0.failed.count,
                empty: $0.emptyCount, missing: $0.missing.count, meanLength: $0.meanLength, completionTokens: $0.completionTokens)
        }
    }

    public var markdown: String {
        var lines = [
            "# Case answers", "",
            "Free-text answers are decision support to be rated (consilium bench judge --answers RUN), not verified recommendations.", "",
            "| model | run | items | answers | failed | empty | not asked | mean length (chars) | completion tokens |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            let length = row.meanLength.map { String(format: "%.0f", $0) } ?? "n/a"
            lines.append("| \(row.label) | \(row.runID) | \(row.items) | \(row.answers) | \(row.failed) | \(row.empty) | \(row.missing) "
                         + "| \(length) | \(row.completionTokens) |")
        }
        if rows.contains(where: { $0.failed > 0 || $0.missing > 0 }) {
            lines += ["", "Runs with failed calls end `failed`: finish them with consilium bench cases answer --resume RUN --retry-errors."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        .object(["runs": .array(rows.map { row in
            ["label": .string(row.label), "runID": .string(row.runID), "items": .number(Double(row.items)),
             "answers": .number(Double(row.answers)), "failed": .number(Double(row.failed)), "empty": .number(Double(row.empty)),
             "notAsked": .number(Double(row.missing)), "meanLength": row.meanLength.map { .number($0) } ?? .null,
             "completionTokens": .number(Double(row.completionTokens))]
        })])
    }
}
