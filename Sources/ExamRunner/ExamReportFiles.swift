import Exams
import Foundation
import Support

/// The report files of one or more runs in a folder: `report.md`, `report.csv`, `report.json`,
/// `report.html` and per run `items-<run id>.csv`. Like every exam report they print ids and
/// numbers; the per-item CSV holds item text and replies only under `text`, which a set marked
/// `redactText` refuses unless its override is set.
public enum ExamReportFiles {
    public static func write(_ results: [ExamRunResult], to directory: String, tag: String? = nil,
                             text: ItemTable.TextPolicy = ItemTable.TextPolicy(),
                             comparisons: [ComparisonReport] = []) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let reports = try results.map { try $0.report(tag: tag) }
        var files: [(String, String)] = [
            ("report.md", markdown(results, reports: reports, comparisons: comparisons)),
            ("report.csv", ExamReportWriter.csv(runs: reports)),
            ("report.json", JSONValue.array(try results.map { try $0.json(tag: tag) }).prettyText + "\n"),
            ("report.html", html(results, reports: reports, comparisons: comparisons)),
        ]
        for result in results {
            let tags = tag.map { [$0] } ?? []
            files.append(("items-\(result.runID.rawValue).csv",
                          try ItemTable.csv(run: result.runScores, dataset: result.plan.asked, tags: tags, text: text)))
        }
        var written: [String] = []
        for (name, contents) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw ExamRunError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            written.append(path)
        }
        return written
    }

    /// The run tables, each with the settings that produced it and its mode's extra numbers.
    public static func markdown(_ results: [ExamRunResult], reports: [RunReport], comparisons: [ComparisonReport] = []) -> String {
        var out = "# Exam benchmark\n\n"
        out += "Decision support, not a decision: these scores measure the models on these items only.\n\n"
        for (result, report) in zip(results, reports) {
            out += settingsLine(result) + "\n\n"
            out += ExamReportWriter.markdown(runs: [report])
            out += modeLines(result)
        }
        for comparison in comparisons { out += ExamReportWriter.markdown(comparison: comparison) + "\n" }
        return out
    }

    public static func html(_ results: [ExamRunResult], reports: [RunReport], comparisons: [ComparisonReport] = []) -> String {
        let calibrations = results.compactMap { result in result.scores.calibration.map { (run: result.name, report: $0) } }
        return ExamHTMLReport.render(title: "Exam benchmark", runs: reports, comparisons: comparisons, calibrations: calibrations)
    }

    /// Run id, model, mode and every setting that changes scores.
    public static func settingsLine(_ result: ExamRunResult) -> String {
        let s = result.plan.settings
        var parts = ["run `\(result.runID)`", "model \(result.label)", "mode \(s.mode.commandName)",
                     "prompt v\(s.promptVersion)", "\(result.plan.items.count) items"]
        if s.mode == .generate { parts += ["temperature \(s.temperature)", "max tokens \(s.maxTokens)", "seed \(s.seed)"] }
        if s.repeats > 1 { parts.append("\(s.repeats) repeats, majority vote") }
        if s.shots > 0 { parts.append("\(s.shots)-shot") }
        if let seed = s.shuffleSeed { parts.append("options shuffled (seed \(seed))") }
        if !s.tagFilter.isEmpty { parts.append("filter " + s.tagFilter.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    /// Mode (a): accuracy and length-normalized accuracy; mode (b): Brier score and calibration error.
    public static func modeLines(_ result: ExamRunResult) -> String {
        var out = ""
        if let l = result.scores.likelihood {
            out += "Log-likelihood choice over \(l.accuracy.trials) items: accuracy \(percent(l.accuracy.value)), "
                + "length-normalized \(percent(l.normalizedAccuracy.value)).\n\n"
        }
        if let c = result.scores.calibration {
            out += String(format: "Next-token letter probabilities over %d items: accuracy %@, Brier %.4f, ECE %@.\n\n",
                          c.itemCount, percent(c.accuracy), c.brierScore, percent(c.expectedCalibrationError))
        }
        return out
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.1f%%", value * 100)
    }
}
