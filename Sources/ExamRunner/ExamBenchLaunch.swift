import Exams
import FlowRunner
import Foundation
import Provenance
import Providers

/// A benchmark as `consilium bench run` describes it: one set, several models, several modes.
/// Each model x mode is its own provenance run (so any two can be compared by id); models are
/// loaded one at a time, in the order given, and every mode of a model runs before the next is loaded.
public struct ExamBenchLaunch: Sendable {
    /// Makes the local scorer of a loaded local model for modes (a) and (b), or nil.
    public typealias ScorerFactory = @Sendable (LocalProvider) -> (any LocalItemScoring)?
    static let noScorer: ScorerFactory = { _ in nil }

    public var settings: ExamRunSettings
    public var modes: [ExamPrompt.Mode]
    public var models: [ExamModelSource]
    public var databasePath: String
    public var noCache: Bool
    /// Calls in flight per remote model; nil uses each configuration's `max_concurrency`.
    public var concurrency: Int?
    public var consiliumVersion: String
    public var environment: [String: String]
    public var localScorer: ScorerFactory

    public init(settings: ExamRunSettings, modes: [ExamPrompt.Mode], models: [ExamModelSource], databasePath: String,
                noCache: Bool = false, concurrency: Int? = nil, consiliumVersion: String, environment: [String: String],
                localScorer: @escaping ScorerFactory = { _ in nil }) {
        self.settings = settings
        self.modes = modes
        self.models = models
        self.databasePath = databasePath
        self.noCache = noCache
        self.concurrency = concurrency
        self.consiliumVersion = consiliumVersion
        self.environment = environment
        self.localScorer = localScorer
    }

    /// What happens, for the caller to show: a set's left-out items, a run starting, progress.
    public enum Event: Sendable {
        case loadProblems([LoadProblem])
        case runStarted(RunID, model: String, mode: ExamPrompt.Mode, calls: Int)
        case progress(ExamProgress)
    }

    /// Checks every setting and the set before any model is loaded, then runs each model x mode.
    public func start(_ events: @escaping @Sendable (Event) -> Void) async throws -> [ExamRunResult] {
        if modes.isEmpty { throw ExamRunError.invalidSettings("no mode to run") }
        if models.isEmpty { throw ExamRunError.invalidSettings("no model to run") }
        var plans: [ExamPrompt.Mode: ExamRunPlan] = [:]
        for mode in modes {
            var settings = self.settings
            settings.mode = mode
            plans[mode] = try ExamRunPlan.prepare(settings)
        }
        for source in models where source.remoteName != nil {
            if let mode = modes.first(where: { $0.needsLocalScorer && !$0.worksOnRemoteLogprobs }) {
                throw ExamRunError.modeNeedsLocalModel(model: source.remoteName ?? "", mode: mode.commandName)
            }
        }
        if let problems = plans.values.first?.problems, !problems.isEmpty { events(.loadProblems(problems)) }
        var results: [ExamRunResult] = []
        // A scorer holds its own session (KV cache): made only when a mode reads probabilities.
        let scorer = modes.contains(where: \.needsLocalScorer) ? localScorer : Self.noScorer
        for source in models {
            let (model, secrets) = try source.make(environment: environment, concurrency: concurrency, localScorer: scorer)
            // Every mode is checked for this model before its first call.
            for mode in modes { try ExamRunner.check(mode, model) }
            let runner = ExamRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets), noCache: noCache,
                                    consiliumVersion: consiliumVersion)
            for mode in modes {
                guard let plan = plans[mode] else { continue }
                results.append(try await runner.start(plan, model: model, onStart: { id in
                    events(.runStarted(id, model: model.label, mode: mode, calls: plan.callCount))
                }, progress: { events(.progress($0)) }))
            }
        }
        return results
    }

    /// Continues a stored run with the model it recorded (threads for a local file as given).
    public static func resume(_ id: RunID, databasePath: String, retryErrors: Bool, threads: Int, concurrency: Int?,
                              noCache: Bool, consiliumVersion: String, environment: [String: String],
                              localScorer: @escaping ScorerFactory = { _ in nil },
                              _ events: @escaping @Sendable (Event) -> Void) async throws -> ExamRunResult {
        let lookup = try FlowLaunch.openStore(databasePath)
        let stored = try StoredExamRun.load(id, store: lookup)
        let source = try ExamModelSource(json: stored.modelSource, threads: threads)
        let scorer = stored.settings.mode.needsLocalScorer ? localScorer : noScorer
        let (model, secrets) = try source.make(environment: environment, concurrency: concurrency, localScorer: scorer)
        let runner = ExamRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets), noCache: noCache,
                                consiliumVersion: consiliumVersion)
        events(.runStarted(id, model: model.label, mode: stored.settings.mode, calls: try stored.plan().callCount))
        return try await runner.resume(stored, model: model, retryErrors: retryErrors) { events(.progress($0)) }
    }
}
