import Provenance

/// Why an exam run cannot start, resume or be read back; each names the run, model or field at fault.
public enum ExamRunError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Mode (a) or (b) asked of a model whose token probabilities cannot be read here.
    case modeNeedsLocalModel(model: String, mode: String)
    /// A local model for which no `LocalItemScoring` was given.
    case noLocalScorer(model: String, mode: String)
    case invalidSettings(String)
    /// The set loaded no item to ask (after the filter and limit).
    case noItems(dataset: String, reason: String)
    case notAnExamRun(RunID, flow: String)
    case corruptRecord(field: String, reason: String)
    /// The set's files changed since the run recorded their sha256.
    case datasetChanged(run: RunID, recorded: String, found: String)
    case modelChanged(run: RunID, recorded: String, found: String)
    case versionChanged(what: String, recorded: String, current: String)
    /// A call recorded by the run asked something else than the run asks now.
    case callChanged(run: RunID, key: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .modeNeedsLocalModel(let model, let mode):
            return "mode \(mode) needs the model's token probabilities, which only local models expose (next-token also runs on OpenAI-compatible endpoints); \(model) is remote (use --mode generate for it)"
        case .noLocalScorer(let model, let mode):
            return "mode \(mode) on \(model): this build has no local scorer for it (use --mode generate)"
        case .invalidSettings(let reason):
            return reason
        case .noItems(let dataset, let reason):
            return "\(dataset): no item to ask (\(reason))"
        case .notAnExamRun(let run, let flow):
            return "run \(run) is not an exam run (it ran \(flow))"
        case .corruptRecord(let field, let reason):
            return "the run's recorded parameters: \(field): \(reason)"
        case .datasetChanged(let run, let recorded, let found):
            return "run \(run) asked the set with sha256 \(recorded.prefix(16)); its files now hash to \(found.prefix(16)): restore them or start a new run"
        case .modelChanged(let run, let recorded, let found):
            return "run \(run) was asked of \(recorded), not \(found)"
        case .versionChanged(let what, let recorded, let current):
            return "the run used \(what) version \(recorded); this program has version \(current): start a new run"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write the report: \(reason)"
        case .callChanged(let run, let key):
            return "run \(run): the recorded call \(key) asked something else than this program asks now (prompt or settings changed); start a new run"
        }
    }
}
