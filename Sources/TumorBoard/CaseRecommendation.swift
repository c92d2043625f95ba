import FlowRunner
import Oncology
import Provenance
import Support

/// What the model's answer became: verified options, or an answer that could not be used (the
/// step failed after its re-ask, or the answer broke a rule the schema cannot state). The raw
/// reply of every call stays in the provenance store either way.
public enum CaseAnswer: Sendable {
    case verified(VerifiedOptions)
    case unusable(reason: String)

    public var verified: VerifiedOptions? {
        if case .verified(let v) = self { return v }
        return nil
    }
}

/// One case through the flow: what was retrieved, what the model saw, what it answered, and
/// how that answer stands against the knowledge base.
public struct CaseRecommendation: Sendable {
    public let patient: PatientCase
    public let runID: RunID
    public let model: String
    /// Every retrieved row, in retrieval order.
    public let matches: [KBMatch]
    /// The rows shown in the prompt (at most `CasePrompt.rowsPerAlteration` per alteration).
    public let shown: [KBMatch]
    public let answer: CaseAnswer
    public let statistics: RunStatistics

    /// The answer's options as scoring rows (none when the answer is unusable).
    public func optionRows(source: String) -> [TherapyOptionRow] {
        (answer.verified?.options ?? []).map { $0.option.row(caseID: patient.id, source: source) }
    }
}
