import Exams
import Foundation
import Provenance
import Providers
import Support

/// One model writing a free-text answer to every open-ended item of a set, as one provenance run.
///
/// Calls go through `RecordedCallExecutor` (resume, retry, cache, commit before reading), and the
/// answers are then read from the store alone (`CaseAnswerRun.read`), so an uninterrupted run, a
/// resumed one and a rerun from the cache give the same answers. A failed call leaves the run
/// `failed`, so `resume(retryErrors:)` can ask just those calls again.
public struct CaseAnswerRunner: Sendable {
    /// The `flow_id` of case-answer runs in the store.
    public static let flowID = "consilium.case-answers"
    static let step = "answer"

    public let store: ProvenanceStore
    public let prompt: CaseAnswerPrompt
    public var noCache: Bool
    public var consiliumVersion: String

    public init(store: ProvenanceStore, prompt: CaseAnswerPrompt, noCache: Bool = false, consiliumVersion: String) {
        self.store = store
        self.prompt = prompt
        self.noCache = noCache
        self.consiliumVersion = consiliumVersion
    }

    /// Records a new run and has `model` answer `items` (open-ended items of `dataset`).
    public func start(_ settings: CaseAnswerSettings, dataset: ExamDataset, items: [ExamItem], model: ExamModel,
                      runID: RunID = .generate(), onStart: (RunID) -> Void = { _ in },
                      progress: @escaping @Sendable (ExamProgress) -> Void = { _ in }) async throws -> CaseAnswerRun {
        if let problem = settings.problem() { throw ExamRunError.invalidSettings(problem) }
        try store.createRun(RunSpec(
            id: runID, flowID: Self.flowID, flowVersion: "case-answer prompt \(prompt.hash.hex.prefix(12))", flowHash: prompt.hash,
            inputs: Self.inputs(dataset, items: items),
            parameters: [
                "settings": settings.json, "label": .string(model.label), "model": model.identityJSON,
                "modelSource": model.source.json, "promptSha256": .string(prompt.hash.hex),
                "datasetSha256": .string(dataset.identity.hex), "itemCount": .number(Double(items.count)),
                "items": .array(items.map { .string($0.id) }),
            ],
            consiliumVersion: consiliumVersion))
        onStart(runID)
        return try await execute(runID, settings, items: items, model: model, recorded: [:], retryErrors: false, progress: progress)
    }

    /// Continues a run that stopped: its recorded calls are kept, the rest asked; with
    /// `retryErrors`, calls that failed are asked once more (as attempt n + 1).
    public func resume(_ stored: StoredCaseAnswerRun, items: [ExamItem], model: ExamModel, retryErrors: Bool,
                       progress: @escaping @Sendable (ExamProgress) -> Void = { _ in }) async throws -> CaseAnswerRun {
        if stored.record.flowHash != prompt.hash {
            throw ExamRunError.versionChanged(what: "case answer prompt", recorded: stored.record.flowHash.hex, current: prompt.hash.hex)
        }
        if model.identityJSON != stored.modelIdentity {
            throw ExamRunError.modelChanged(run: stored.id, recorded: stored.modelIdentity.canonicalText, found: model.identityJSON.canonicalText)
        }
        let point = try store.resumeRun(stored.id)
        return try await execute(stored.id, stored.settings, items: items, model: model,
                                 recorded: RecordedCallExecutor.latest(Array(point.calls.values), step: Self.step),
                                 retryErrors: retryErrors, progress: progress)
    }

    static func inputs(_ dataset: ExamDataset, items: [ExamItem]) -> JSONValue {
        [
            "dataset": .string(dataset.name), "sha256": .string(dataset.identity.hex),
            "sources": .array(dataset.sources.map {
                ["file": .string(($0.path as NSString).lastPathComponent), "sha256": .string($0.sha256.hex)]
            }),
            // Ids only: a redacted set's text never reaches the run's inputs (it is in the calls' prompts).
            "items": .array(items.map { .string($0.id) }),
        ]
    }

    // MARK: Executing

    private func execute(_ runID: RunID, _ settings: CaseAnswerSettings, items: [ExamItem], model: ExamModel,
                         recorded: [CallKey: StoredCall], retryErrors: Bool,
                         progress: @escaping @Sendable (ExamProgress) -> Void) async throws -> CaseAnswerRun {
        let executor = RecordedCallExecutor(runID: runID, store: store, noCache: noCache)
        _ = try await executor.runStep(Self.step, kind: "case.answer", count: items.count, limit: model.concurrency, recorded: recorded,
                                       retryErrors: retryErrors, progress: progress) { index in
            self.call(items[index], model: model, sampling: settings.sampling)
        }
        let run = try CaseAnswerRun.read(runID, store: store)
        try store.finishRun(runID, run.failed.isEmpty && run.missing.isEmpty ? .succeeded : .failed)
        return run
    }

    /// An item's answer call: an empty reply is the model's (empty) answer, counted apart, not a failure.
    func call(_ item: ExamItem, model: ExamModel, sampling: Sampling) -> PlannedCall {
        let (request, chat) = prompt.request(item, model: model.identity, sampling: sampling)
        return PlannedCall(key: CallKey(step: Self.step, item: item.id), request: request) {
            try await RecordedCallExecutor.complete(chat, on: model.registered.provider, emptyReplyIsAnswer: true)
        }
    }
}
