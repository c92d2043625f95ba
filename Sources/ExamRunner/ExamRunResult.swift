import Exams
import Provenance
import Support

/// Calls of one execution by where their answer came from.
public struct ExamRunStatistics: Equatable, Sendable {
    /// Asked of the model (or local scorer) and recorded now.
    public var asked = 0
    /// Answered from another run's identical call.
    public var cacheHits = 0
    /// Already recorded by this run before a resume: not asked again.
    public var replayed = 0
    /// Of `asked`: re-asks of calls whose transport failed (`--retry-errors`).
    public var retried = 0

    public init() {}
}

/// A finished (or resumed) exam run: its id, model, plan and scores.
public struct ExamRunResult: Sendable {
    public let runID: RunID
    public let label: String
    public let plan: ExamRunPlan
    public let scores: ExamRunScores
    public let statistics: ExamRunStatistics

    public var name: String { Self.name(label: label, mode: plan.settings.mode, run: runID) }

    static func name(label: String, mode: ExamPrompt.Mode, run: RunID) -> String {
        "\(label) \(mode.commandName) [\(run.rawValue.prefix(8))]"
    }

    public var runScores: RunScores { RunScores(name: name, scored: scores.scored) }

    /// The summary per run and per value of `tag`, with baselines and the letter histogram.
    public func report(tag: String? = nil) throws -> RunReport {
        try RunReport(run: runScores, dataset: plan.asked, tag: tag)
    }

    /// The machine-readable summary: the run report with the mode-specific numbers beside it.
    public func json(tag: String? = nil) throws -> JSONValue {
        guard case .object(var members) = ExamReportWriter.json(run: try report(tag: tag)) else { return .null }
        let s = plan.settings
        members["runId"] = .string(runID.rawValue)
        members["model"] = .string(label)
        members["mode"] = .string(s.mode.commandName)
        members["promptVersion"] = .string(s.promptVersion)
        members["repeats"] = .number(Double(s.repeats))
        members["shots"] = .number(Double(s.shots))
        members["shuffleSeed"] = s.shuffleSeed.map { .string(String($0)) } ?? .null
        members["calls"] = ["asked": .number(Double(statistics.asked)), "cacheHits": .number(Double(statistics.cacheHits)),
                            "replayed": .number(Double(statistics.replayed)), "retried": .number(Double(statistics.retried))]
        if let l = scores.likelihood {
            members["likelihood"] = ["accuracy": .number(l.accuracy.value ?? 0), "normalizedAccuracy": .number(l.normalizedAccuracy.value ?? 0),
                                     "n": .number(Double(l.accuracy.trials))]
        }
        if let c = scores.calibration {
            members["calibration"] = ["n": .number(Double(c.itemCount)), "accuracy": .number(c.accuracy),
                                      "brier": .number(c.brierScore), "ece": .number(c.expectedCalibrationError)]
        }
        return .object(members)
    }
}
