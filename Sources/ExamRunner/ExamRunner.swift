import Exams
import Foundation
import Provenance
import Providers
import Support

/// Runs one model over a question set in one scoring mode, as one provenance run.
///
/// Every call (item x repeat, in the set's order) is committed to the store before anything reads
/// it, and scores are then computed from the store alone (`ExamRunScoring`): an uninterrupted
/// run, a resumed one and a later rescoring therefore produce the same table. A transport error
/// is an item's outcome, not a crash; the run then ends `failed`, so `resume(retryErrors:)` can
/// re-ask just those calls.
public struct ExamRunner: Sendable {
    /// The `flow_id` of exam runs in the store.
    public static let flowID = "consilium.exam-bench"

    public let store: ProvenanceStore
    /// Ask the model even when another run recorded the same call's answer.
    public var noCache: Bool
    public var consiliumVersion: String
    public var extractor: AnswerExtractor

    public init(store: ProvenanceStore, noCache: Bool = false, consiliumVersion: String, extractor: AnswerExtractor = AnswerExtractor()) {
        self.store = store
        self.noCache = noCache
        self.consiliumVersion = consiliumVersion
        self.extractor = extractor
    }

    // MARK: Starting and resuming

    /// Records a new run and asks every call of `plan`.
    /// - Parameter onStart: told the run id once it is recorded, before the first call.
    public func start(_ plan: ExamRunPlan, model: ExamModel, runID: RunID = .generate(),
                      onStart: (RunID) -> Void = { _ in },
                      progress: @escaping @Sendable (ExamProgress) -> Void = { _ in }) async throws -> ExamRunResult {
        try Self.check(plan.settings.mode, model)
        try store.createRun(RunSpec(id: runID, flowID: Self.flowID,
                                    flowVersion: "prompt \(ExamPrompt.version), extractor \(extractor.version)",
                                    flowHash: ContentHash.of(plan.settings.json), inputs: Self.inputs(plan),
                                    parameters: parameters(plan, model), consiliumVersion: consiliumVersion))
        onStart(runID)
        return try await execute(runID, plan: plan, model: model, recorded: [:], retryErrors: false, progress: progress)
    }

    /// Continues `stored` (a run that died, or ended with transport errors): calls it recorded are
    /// not asked again; with `retryErrors`, calls whose transport failed are asked once more.
    public func resume(_ stored: StoredExamRun, model: ExamModel, retryErrors: Bool,
                       progress: @escaping @Sendable (ExamProgress) -> Void = { _ in }) async throws -> ExamRunResult {
        if stored.settings.promptVersion != ExamPrompt.version {
            throw ExamRunError.versionChanged(what: "prompt", recorded: stored.settings.promptVersion, current: ExamPrompt.version)
        }
        if model.identityJSON != stored.modelIdentity {
            throw ExamRunError.modelChanged(run: stored.id, recorded: stored.modelIdentity.canonicalText, found: model.identityJSON.canonicalText)
        }
        try Self.check(stored.settings.mode, model)
        let plan = try stored.plan()
        let point = try store.resumeRun(stored.id)
        return try await execute(stored.id, plan: plan, model: model, recorded: ExamRunScoring.latest(Array(point.calls.values)),
                                 retryErrors: retryErrors, progress: progress)
    }

    /// Modes (a) and (b) need a local model with a scorer; (b) also runs on an OpenAI-compatible
    /// endpoint (the run fails per item, as unparseable, where the server returns no log-probabilities).
    static func check(_ mode: ExamPrompt.Mode, _ model: ExamModel) throws {
        guard mode.needsLocalScorer else { return }
        if !model.isLocal {
            if mode.worksOnRemoteLogprobs, model.registered.provider.identity.kind == .openai { return }
            throw ExamRunError.modeNeedsLocalModel(model: model.label, mode: mode.commandName)
        }
        if model.localScorer == nil { throw ExamRunError.noLocalScorer(model: model.label, mode: mode.commandName) }
    }

    // MARK: Executing

    private func execute(_ runID: RunID, plan: ExamRunPlan, model: ExamModel, recorded: [CallKey: StoredCall],
                         retryErrors: Bool, progress: @escaping @Sendable (ExamProgress) -> Void) async throws -> ExamRunResult {
        let step = plan.settings.mode.rawValue
        let units = plan.items.flatMap { item in (0..<plan.settings.repeats).map { (item, $0) } }
        let executor = RecordedCallExecutor(runID: runID, store: store, noCache: noCache)
        let calls = ExamItemCalls(plan: plan, model: model)
        let outcomes = try await executor.runStep(step, kind: "exam.\(step)", count: units.count, limit: model.concurrency,
                                                  recorded: recorded, retryErrors: retryErrors, progress: progress) { index in
            calls.call(units[index].0, repeat: units[index].1)
        }
        var statistics = ExamRunStatistics()
        for source in outcomes {
            switch source.origin {
            case .asked: statistics.asked += 1
            case .cache: statistics.cacheHits += 1
            case .recorded: statistics.replayed += 1
            }
            if source.retried { statistics.retried += 1 }
        }
        let scores = try ExamRunScoring.score(plan, calls: try store.calls(run: runID), extractor: extractor)
        try Self.recordScores(scores, run: runID, store: store, extractor: extractor)
        try store.finishRun(runID, scores.transportErrors == 0 && scores.missingItems == 0 ? .succeeded : .failed)
        return ExamRunResult(runID: runID, label: model.label, plan: plan, scores: scores, statistics: statistics)
    }

    /// One score row per item (recording again replaces it: no duplicated rows on resume).
    static func recordScores(_ scores: ExamRunScores, run: RunID, store: ProvenanceStore, extractor: AnswerExtractor) throws {
        try store.startStep(run: run, name: "score", kind: "exam.score")
        for item in scores.scored {
            try store.recordScore(run: run, step: "score", item: item.itemID, metric: "correct",
                                  value: item.outcome.isCorrect ? 1 : 0, details: item.json)
        }
        let correct = scores.scored.filter(\.outcome.isCorrect).count
        if !scores.scored.isEmpty {
            try store.recordScore(run: run, step: "score", metric: "accuracy", value: Double(correct) / Double(scores.scored.count),
                                  details: ["n": .number(Double(scores.scored.count)), "extractor": .string(extractor.version)])
        }
        try store.finishStep(run: run, name: "score", .succeeded)
    }

    // MARK: Recorded parameters

    static func inputs(_ plan: ExamRunPlan) -> JSONValue {
        [
            "dataset": .string(plan.dataset.name), "sha256": .string(plan.dataset.identity.hex),
            "sources": .array(plan.dataset.sources.map {
                ["file": .string(($0.path as NSString).lastPathComponent), "sha256": .string($0.sha256.hex)]
            }),
            // Ids only: a redacted set's text never reaches the run's inputs.
            "items": .array(plan.items.map { .string($0.id) }),
        ]
    }

    func parameters(_ plan: ExamRunPlan, _ model: ExamModel) -> JSONValue {
        [
            "settings": plan.settings.json, "label": .string(model.label), "model": model.identityJSON,
            "modelSource": model.source.json, "dataset": .string(plan.dataset.name),
            "datasetSha256": .string(plan.dataset.identity.hex), "extractorVersion": .string(extractor.version),
            "itemCount": .number(Double(plan.items.count)),
        ]
    }
}

/// Progress of one execution, after each call.
public struct ExamProgress: Sendable, Equatable {
    public let done: Int
    public let total: Int
    /// Of `done`: calls that went to the model (not the cache or the run's records), the ones a rate should count.
    public let asked: Int
    public let transportErrors: Int
}
