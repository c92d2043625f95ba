import Exams
import Provenance
import Support

/// An exam run as the store holds it: its settings, model and dataset identity, read back for a
/// resume, a report, a comparison or a rescoring. Scores are computed from the recorded calls.
public struct StoredExamRun: Sendable {
    public let record: RunRecord
    public let settings: ExamRunSettings
    /// The model as tables name it.
    public let modelLabel: String
    /// The recorded `ModelIdentity` (provider, model, sha256 and quantization of a local file).
    public let modelIdentity: JSONValue
    /// How to load the model again (`ExamModelSource.json`).
    public let modelSource: JSONValue
    public let datasetSHA256: String
    /// The extractor version the run scored with when it was asked.
    public let extractorVersion: String

    public var id: RunID { record.id }

    /// A short name for reports: model, mode and the run id's first 8 characters.
    public var name: String { ExamRunResult.name(label: modelLabel, mode: settings.mode, run: record.id) }

    public static func load(_ id: RunID, store: ProvenanceStore) throws -> StoredExamRun {
        guard let record = try store.run(id) else { throw ProvenanceError.runNotFound(id) }
        guard record.flowID == ExamRunner.flowID else { throw ExamRunError.notAnExamRun(id, flow: record.flowID) }
        let p = record.parameters
        guard let settings = p["settings"], let label = p["label"]?.stringValue, let identity = p["model"],
              let source = p["modelSource"], let sha = p["datasetSha256"]?.stringValue,
              let extractor = p["extractorVersion"]?.stringValue else {
            throw ExamRunError.corruptRecord(field: "parameters", reason: "an exam run records settings, label, model, modelSource, datasetSha256 and extractorVersion")
        }
        return StoredExamRun(record: record, settings: try ExamRunSettings(json: settings), modelLabel: label,
                             modelIdentity: identity, modelSource: source, datasetSHA256: sha, extractorVersion: extractor)
    }

    /// The run's plan, with the set loaded again and checked against the recorded sha256.
    public func plan() throws -> ExamRunPlan {
        let plan = try ExamRunPlan.prepare(settings)
        let found = plan.dataset.identity.hex
        if found != datasetSHA256 { throw ExamRunError.datasetChanged(run: id, recorded: datasetSHA256, found: found) }
        return plan
    }

    /// Scores from the recorded calls with `extractor` (the current one unless told): no model is called.
    public func scores(plan: ExamRunPlan, store: ProvenanceStore, extractor: AnswerExtractor = AnswerExtractor()) throws -> ExamRunScores {
        try ExamRunScoring.score(plan, calls: try store.calls(run: id), extractor: extractor)
    }

    /// Loads the set and scores the run: what `report`, `compare` and `rescore` show.
    public func result(store: ProvenanceStore, extractor: AnswerExtractor = AnswerExtractor()) throws -> ExamRunResult {
        let plan = try plan()
        return ExamRunResult(runID: id, label: modelLabel, plan: plan, scores: try scores(plan: plan, store: store, extractor: extractor),
                             statistics: ExamRunStatistics())
    }
}
