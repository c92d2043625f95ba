import Provenance

/// Why a run could not start, resume or finish. Each case names the run, step or call involved.
/// (An item whose answer stayed invalid is not an error: it is an `ItemFailure` and the run goes on.)
public enum FlowRunError: Error, Equatable, CustomStringConvertible {
    /// The inputs do not match the flow's declared inputs; nothing was recorded.
    case invalidInputs(flow: String, problems: [String])
    /// The checked flow carries no well-formed SHA-256 (a run cannot be identified without one).
    case invalidFlowHash(flow: String, found: String)
    /// The flow file changed since the run started, so its recorded calls may not fit it.
    case flowChanged(run: RunID, recorded: String, found: String)
    case inputsUnreadable(run: RunID, reason: String)
    /// On resume, a recorded call has another identity than the one the flow asks for now
    /// (a template, schema, model or sampling setting changed).
    case callChanged(run: RunID, key: CallKey, recorded: String, found: String)
    /// A step could not run (a transform's arguments, a reference, a metric); the run is failed.
    case stepFailed(run: RunID, step: String, reason: String)

    public var description: String {
        switch self {
        case .invalidInputs(let flow, let problems):
            return "inputs for \(flow): " + problems.joined(separator: "; ")
        case .invalidFlowHash(let flow, let found):
            return "flow \(flow): expected a SHA-256 of the file, found \"\(found)\""
        case .flowChanged(let run, let recorded, let found):
            return "run \(run): the flow file changed since the run started (sha256 \(recorded) recorded, \(found) now); resume with the original flow"
        case .inputsUnreadable(let run, let reason):
            return "run \(run): its recorded inputs cannot be read: \(reason)"
        case .callChanged(let run, let key, let recorded, let found):
            return "run \(run): call \(key) was recorded with identity \(recorded) but the flow now asks \(found); a template, schema, model or sampling setting changed since the run started"
        case .stepFailed(let run, let step, let reason):
            return "run \(run): step \"\(step)\" failed: \(reason)"
        }
    }
}
