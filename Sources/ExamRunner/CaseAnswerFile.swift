import Exams
import Foundation
import Support

/// The answers of case-answer runs as JSON lines, one per run x item in the set's order, for
/// reading and for rating tools: run, model, item, status (answer, failed, not-asked) and the
/// failure's error. Question and answer text only when asked, and for a redacted (copyrighted)
/// set only when that is asked too, as `bench run`'s item tables do.
public enum CaseAnswerFile {
    public static func jsonl(_ runs: [CaseAnswerRun], dataset: ExamDataset, text: ItemTable.TextPolicy) -> String {
        let withText = text.includeText && (!dataset.redactText || text.overrideRedaction)
        let stems = Dictionary(dataset.items.map { ($0.id, $0.stem) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        for run in runs {
            for id in run.itemIDs {
                var line: [String: JSONValue] = ["run": .string(run.runID.rawValue), "model": .string(run.label), "item": .string(id)]
                if let answer = run.answers[id] {
                    line["status"] = "answer"
                    if withText { line["answer"] = .string(answer) }
                } else if let error = run.failed[id] {
                    line["status"] = "failed"
                    line["error"] = .string(error)
                } else {
                    line["status"] = "not-asked"
                }
                if withText, let stem = stems[id] { line["question"] = .string(stem) }
                lines.append(JSONValue.object(line).canonicalText)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
