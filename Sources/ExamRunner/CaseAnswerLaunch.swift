import Exams
import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// `consilium bench cases answer` as a library call: every model writes a free-text answer to
/// each open-ended item of one set, each model its own provenance run, loaded one at a time in
/// the order given.
public struct CaseAnswerLaunch: Sendable {
    public var settings: CaseAnswerSettings
    public var models: [ExamModelSource]
    public var prompt: CaseAnswerPrompt
    public var databasePath: String
    public var noCache: Bool
    /// Calls in flight per remote model; nil uses each configuration's `max_concurrency`.
    public var concurrency: Int?
    public var consiliumVersion: String
    public var environment: [String: String]

    public init(settings: CaseAnswerSettings, models: [ExamModelSource], prompt: CaseAnswerPrompt, databasePath: String,
                noCache: Bool = false, concurrency: Int? = nil, consiliumVersion: String, environment: [String: String]) {
        self.settings = settings
        self.models = models
        self.prompt = prompt
        self.databasePath = databasePath
        self.noCache = noCache
        self.concurrency = concurrency
        self.consiliumVersion = consiliumVersion
        self.environment = environment
    }

    /// What happens, for the caller to show.
    public enum Event: Sendable {
        case loadProblems([LoadProblem])
        case runStarted(RunID, model: String, items: Int)
        case progress(ExamProgress)
    }

    public struct Result: Sendable {
        /// The whole set as loaded (for its item text, where the caller may show it).
        public let dataset: ExamDataset
        public let runs: [CaseAnswerRun]
    }

    /// Checks the settings and the set before any model is loaded, then runs the models in order.
    public func start(_ events: @escaping @Sendable (Event) -> Void) async throws -> Result {
        if models.isEmpty { throw ExamRunError.invalidSettings("no model to answer the cases") }
        if let problem = settings.problem() { throw ExamRunError.invalidSettings(problem) }
        let (dataset, items) = try Self.load(settings, events)
        var runs: [CaseAnswerRun] = []
        for source in models {
            let (model, secrets) = try source.make(environment: environment, concurrency: concurrency, localScorer: { _ in nil })
            let runner = CaseAnswerRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets), prompt: prompt,
                                          noCache: noCache, consiliumVersion: consiliumVersion)
            runs.append(try await runner.start(settings, dataset: dataset, items: items, model: model, onStart: { id in
                events(.runStarted(id, model: model.label, items: items.count))
            }, progress: { events(.progress($0)) }))
        }
        return Result(dataset: dataset, runs: runs)
    }

    /// Continues a case-answer run with the set, items, model and sampling it recorded; the prompt
    /// read again from `promptsRoot` must hash as recorded. With `retryErrors`, failed calls are asked again.
    public static func resume(_ id: RunID, databasePath: String, promptsRoot: URL, retryErrors: Bool, threads: Int,
                              concurrency: Int?, noCache: Bool, consiliumVersion: String, environment: [String: String],
                              _ events: @escaping @Sendable (Event) -> Void) async throws -> Result {
        let stored = try StoredCaseAnswerRun.load(id, store: try FlowLaunch.openStore(databasePath))
        let (dataset, open) = try load(stored.settings, events)
        if dataset.identity.hex != stored.datasetSHA256 {
            throw ExamRunError.datasetChanged(run: id, recorded: stored.datasetSHA256, found: dataset.identity.hex)
        }
        let byID = Dictionary(open.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let items = try stored.itemIDs.map { itemID in
            guard let item = byID[itemID] else {
                throw ExamRunError.corruptRecord(field: "items", reason: "run \(id) asked item \(itemID), which the set no longer has")
            }
            return item
        }
        let (model, secrets) = try ExamModelSource(json: stored.modelSource, threads: threads)
            .make(environment: environment, concurrency: concurrency, localScorer: { _ in nil })
        let runner = CaseAnswerRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets),
                                      prompt: try CaseAnswerPrompt(promptsRoot: promptsRoot), noCache: noCache,
                                      consiliumVersion: consiliumVersion)
        events(.runStarted(id, model: model.label, items: items.count))
        let run = try await runner.resume(stored, items: items, model: model, retryErrors: retryErrors) { events(.progress($0)) }
        return Result(dataset: dataset, runs: [run])
    }

    /// The set and its open-ended items asked (the first `limit`).
    static func load(_ settings: CaseAnswerSettings, _ events: @Sendable (Event) -> Void) throws -> (ExamDataset, [ExamItem]) {
        let load = try settings.dataset.load()
        if !load.problems.isEmpty { events(.loadProblems(load.problems)) }
        return (load.dataset, try settings.selectItems(load.dataset))
    }
}
