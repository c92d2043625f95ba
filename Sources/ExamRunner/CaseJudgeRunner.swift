import Exams
import Foundation
import Provenance
import Providers
import Support

/// One judge model rating every case answer of an open-ended set, as one provenance run.
///
/// Calls go through `RecordedCallExecutor` (resume, retry, cache, commit before reading), and
/// verdicts are then read from the store alone, so a resumed run and a rerun from the cache give
/// the same verdicts.
public struct CaseJudgeRunner: Sendable {
    /// The `flow_id` of judge runs in the store.
    public static let flowID = "consilium.case-judge"
    static let step = "judge"

    public let store: ProvenanceStore
    public let rubric: JudgeRubric
    public var noCache: Bool
    public var consiliumVersion: String
    public var maxTokens: Int

    public init(store: ProvenanceStore, rubric: JudgeRubric, noCache: Bool = false, consiliumVersion: String, maxTokens: Int = 256) {
        self.store = store
        self.rubric = rubric
        self.noCache = noCache
        self.consiliumVersion = consiliumVersion
        self.maxTokens = maxTokens
    }

    /// The case answer an item carries (`modelAnswer`, as `RadOncAdapter` loads it).
    public static func answer(of item: ExamItem) throws -> String {
        guard let answer = item.annotations["modelAnswer"] else {
            throw ExamRunError.invalidSettings("item \(item.id) has no case answer (annotation modelAnswer) to judge")
        }
        return answer
    }

    /// Records a new run and has `model` rate every item's answer.
    /// - Parameter launch: recorded beside the judge's parameters (how to load the set again, for a resume).
    public func start(_ dataset: ExamDataset, model: ExamModel, runID: RunID = .generate(), launch: [String: JSONValue] = [:],
                      progress: @escaping @Sendable (ExamProgress) -> Void = { _ in }) async throws -> JudgeRun {
        for item in dataset.items { _ = try Self.answer(of: item) }
        try store.createRun(RunSpec(
            id: runID, flowID: Self.flowID, flowVersion: "rubric \(rubric.name) \(rubric.hash.hex.prefix(12))",
            flowHash: rubric.hash, inputs: Self.inputs(dataset),
            parameters: .object(launch.merging([
                "judge": model.identityJSON, "label": .string(model.label), "modelSource": model.source.json,
                "rubric": .string(rubric.name), "rubricSha256": .string(rubric.hash.hex),
                "maxTokens": .number(Double(maxTokens)), "itemCount": .number(Double(dataset.items.count)),
            ]) { _, own in own }),
            consiliumVersion: consiliumVersion))
        return try await execute(runID, dataset, model: model, recorded: [:], retryErrors: false, progress: progress)
    }

    /// Continues a run that stopped: its recorded calls are kept, the rest asked; with
    /// `retryErrors`, calls whose transport failed are asked once more (as attempt n + 1).
    public func resume(_ runID: RunID, _ dataset: ExamDataset, model: ExamModel, retryErrors: Bool = false,
                       progress: @escaping @Sendable (ExamProgress) -> Void = { _ in }) async throws -> JudgeRun {
        let point = try store.resumeRun(runID)
        if point.run.flowHash != rubric.hash {
            throw ExamRunError.versionChanged(what: "judge rubric", recorded: point.run.flowHash.hex, current: rubric.hash.hex)
        }
        return try await execute(runID, dataset, model: model, recorded: RecordedCallExecutor.latest(Array(point.calls.values), step: Self.step),
                             retryErrors: retryErrors, progress: progress)
    }

    static func inputs(_ dataset: ExamDataset) -> JSONValue {
        [
            "dataset": .string(dataset.name), "sha256": .string(dataset.identity.hex),
            "sources": .array(dataset.sources.map {
                ["file": .string(($0.path as NSString).lastPathComponent), "sha256": .string($0.sha256.hex)]
            }),
            "items": .array(dataset.items.map { .string($0.id) }),
        ]
    }

    // MARK: Executing

    /// `recorded`: the run's latest judge call per key.
    private func execute(_ runID: RunID, _ dataset: ExamDataset, model: ExamModel, recorded: [CallKey: StoredCall], retryErrors: Bool,
                         progress: @escaping @Sendable (ExamProgress) -> Void) async throws -> JudgeRun {
        let items = dataset.items
        let executor = RecordedCallExecutor(runID: runID, store: store, noCache: noCache)
        _ = try await executor.runStep(Self.step, kind: "exam.judge", count: items.count, limit: model.concurrency, recorded: recorded,
                                       retryErrors: retryErrors, progress: progress) { index in
            try self.call(items[index], model: model)
        }
        let run = try JudgeRun.read(runID, label: model.label, items: items, rubric: rubric, store: store)
        try store.startStep(run: runID, name: "score", kind: "exam.judge-score")
        for (item, verdict) in zip(items, run.verdicts) {
            for dimension in rubric.dimensions {
                if let rating = verdict.rating(dimension) {
                    try store.recordScore(run: runID, step: "score", item: item.id, metric: dimension, value: Double(rating))
                }
            }
        }
        try store.finishStep(run: runID, name: "score", .succeeded)
        try store.finishRun(runID, run.failedCount == 0 && run.missingCount == 0 ? .succeeded : .failed)
        return run
    }

    /// The judge call of `item`: a failed reply (even an empty one) is a failed call, never a verdict.
    private func call(_ item: ExamItem, model: ExamModel) throws -> PlannedCall {
        let (request, chat) = try self.request(item, model: model.identity)
        return PlannedCall(key: CallKey(step: Self.step, item: item.id), request: request) {
            try await RecordedCallExecutor.complete(chat, on: model.registered.provider, emptyReplyIsAnswer: false)
        }
    }

    /// The recorded request and the chat sent: greedy, schema-constrained, the rubric's hash in the template.
    func request(_ item: ExamItem, model: ModelIdentity) throws -> (CallRequest, ChatRequest) {
        let prompt = rubric.prompt(question: item.stem, answer: try Self.answer(of: item))
        let sampling = Sampling(temperature: 0, maxTokens: maxTokens, seed: 0)
        var recorded = sampling.recordJSON.objectValue ?? [:]
        recorded["response_schema"] = rubric.schema
        let request = CallRequest(
            model: model, messages: ChatRequest.Message.recordJSON([.user(prompt)]), sampling: .object(recorded),
            template: TemplateRef(id: "judge-\(rubric.name)", hash: rubric.hash))
        return (request, ChatRequest(messages: [.user(prompt)], sampling: sampling, responseSchema: rubric.responseSchema))
    }
}

/// A judge run's verdicts, aligned with the items judged, read from the store.
public struct JudgeRun: Sendable {
    public let runID: RunID
    public let label: String
    public let itemIDs: [String]
    public let verdicts: [JudgeVerdict]

    public init(runID: RunID, label: String, itemIDs: [String], verdicts: [JudgeVerdict]) {
        self.runID = runID
        self.label = label
        self.itemIDs = itemIDs
        self.verdicts = verdicts
    }

    public var failedCount: Int { verdicts.filter { if case .failed = $0 { return true }; return false }.count }
    public var unparseableCount: Int { verdicts.filter { if case .unparseable = $0 { return true }; return false }.count }
    public var missingCount: Int { verdicts.filter { $0 == .missing }.count }

    /// The latest recorded answer per item, parsed on `rubric`.
    public static func read(_ runID: RunID, label: String, items: [ExamItem], rubric: JudgeRubric, store: ProvenanceStore) throws -> JudgeRun {
        let latest = Self.latest(try store.calls(run: runID))
        let verdicts: [JudgeVerdict] = items.map { item in
            guard let call = latest[item.id] else { return .missing }
            if let error = call.result.outcome.error { return .failed(error: error) }
            return rubric.verdict(fromReply: call.result.outcome.raw ?? "")
        }
        return JudgeRun(runID: runID, label: label, itemIDs: items.map(\.id), verdicts: verdicts)
    }

    /// The judge call of each item with the highest attempt (a retried failure is superseded).
    static func latest(_ calls: [StoredCall]) -> [String: StoredCall] {
        Dictionary(uniqueKeysWithValues: RecordedCallExecutor.latest(calls, step: CaseJudgeRunner.step).map { ($0.key.item, $0.value) })
    }
}
