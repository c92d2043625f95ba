import Exams
import Foundation
import Provenance
import Ratings
import Support

/// A case-answer run's answers, read from the store alone: per item the latest attempt's text;
/// failed calls and items never asked are listed apart, never as answers.
public struct CaseAnswerRun: Sendable {
    public let runID: RunID
    /// The answering model as tables name it.
    public let label: String
    /// The items the run asks, in the set's order.
    public let itemIDs: [String]
    /// Item id to answer text (possibly empty: the model's empty reply).
    public let answers: [String: String]
    /// Item id to the failed call's error.
    public let failed: [String: String]
    /// Items the run has no call for (it stopped early).
    public let missing: [String]
    /// Completion tokens over the answers, where the provider reported them.
    public let completionTokens: Int
    /// The identity of the set the run answered (`ExamDataset.identity`).
    public let datasetSHA256: String

    /// The answers as a source for blinded rating sheets (failed and missing items have none).
    public var answerSet: AnswerSet { AnswerSet(source: label, answers: answers) }
    public var emptyCount: Int { answers.values.filter { $0.allSatisfy(\.isWhitespace) }.count }

    /// Mean answer length in characters over the answers that are not empty; nil when there is none.
    public var meanLength: Double? {
        let lengths = answers.values.filter { !$0.allSatisfy(\.isWhitespace) }.map(\.count)
        return lengths.isEmpty ? nil : Double(lengths.reduce(0, +)) / Double(lengths.count)
    }

    /// Reads the answers of run `runID`. Throws when it is not a case-answer run.
    public static func read(_ runID: RunID, store: ProvenanceStore) throws -> CaseAnswerRun {
        let stored = try StoredCaseAnswerRun.load(runID, store: store)
        let latest = RecordedCallExecutor.latest(try store.calls(run: runID), step: CaseAnswerRunner.step)
        var answers: [String: String] = [:], failed: [String: String] = [:], missing: [String] = []
        var tokens = 0
        for id in stored.itemIDs {
            guard let call = latest[CallKey(step: CaseAnswerRunner.step, item: id)] else { missing.append(id); continue }
            if let error = call.result.outcome.error {
                failed[id] = error
            } else {
                answers[id] = call.result.outcome.raw ?? ""
                tokens += call.result.completionTokens ?? 0
            }
        }
        return CaseAnswerRun(runID: runID, label: stored.label, itemIDs: stored.itemIDs, answers: answers, failed: failed,
                             missing: missing, completionTokens: tokens, datasetSHA256: stored.datasetSHA256)
    }

    /// Throws unless the run answered `dataset` (the same files, by their hash): answers are
    /// rated against the questions they answered, never another set's.
    public func requireAnswered(_ dataset: ExamDataset, use: String) throws {
        if datasetSHA256 != dataset.identity.hex {
            throw ExamRunError.invalidSettings("answer run \(runID) answered a set with sha256 \(datasetSHA256.prefix(16)), "
                                               + "not \(dataset.name) (\(dataset.identity.hex.prefix(16))): \(use) it against the set it answered")
        }
    }
}

/// A case-answer run's recorded parameters, read back for a resume or a reader.
public struct StoredCaseAnswerRun: Sendable {
    public let record: RunRecord
    public let settings: CaseAnswerSettings
    public let label: String
    public let modelIdentity: JSONValue
    /// How to load the model again (`ExamModelSource.json`).
    public let modelSource: JSONValue
    public let datasetSHA256: String
    public let itemIDs: [String]

    public var id: RunID { record.id }

    public static func load(_ id: RunID, store: ProvenanceStore) throws -> StoredCaseAnswerRun {
        guard let record = try store.run(id) else { throw ProvenanceError.runNotFound(id) }
        guard record.flowID == CaseAnswerRunner.flowID else {
            throw ExamRunError.corruptRecord(field: "flow_id", reason: "run \(id) is a \(record.flowID) run, not a case-answer run (\(CaseAnswerRunner.flowID))")
        }
        let p = record.parameters
        guard let settings = p["settings"], let label = p["label"]?.stringValue, let identity = p["model"],
              let source = p["modelSource"], let sha = p["datasetSha256"]?.stringValue,
              let items = p["items"]?.arrayValue?.compactMap(\.stringValue) else {
            throw ExamRunError.corruptRecord(field: "parameters", reason: "run \(id): a case-answer run records settings, label, model, modelSource, datasetSha256 and items")
        }
        return StoredCaseAnswerRun(record: record, settings: try CaseAnswerSettings(json: settings), label: label,
                                   modelIdentity: identity, modelSource: source, datasetSHA256: sha, itemIDs: items)
    }
}
