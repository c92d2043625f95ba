import Exams
import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// `consilium bench judge` as a library call: one open-ended set, one or more judge models (a
/// panel), each its own provenance run, then the agreement report against the set's experts.
public struct JudgeLaunch: Sendable {
    public var dataset: DatasetReference
    /// The first `limit` items, in the set's order; all when nil.
    public var limit: Int?
    public var judges: [ExamModelSource]
    public var rubric: JudgeRubric
    public var databasePath: String
    public var noCache: Bool
    public var concurrency: Int?
    public var maxTokens: Int
    public var consiliumVersion: String
    public var environment: [String: String]

    public init(dataset: DatasetReference, limit: Int? = nil, judges: [ExamModelSource], rubric: JudgeRubric,
                databasePath: String, noCache: Bool = false, concurrency: Int? = nil, maxTokens: Int = 256,
                consiliumVersion: String, environment: [String: String]) {
        self.dataset = dataset
        self.limit = limit
        self.judges = judges
        self.rubric = rubric
        self.databasePath = databasePath
        self.noCache = noCache
        self.concurrency = concurrency
        self.maxTokens = maxTokens
        self.consiliumVersion = consiliumVersion
        self.environment = environment
    }

    public struct Result: Sendable {
        public let runs: [JudgeRun]
        public let report: JudgePanelReport
    }

    /// Checks the set (every item needs a case answer and both expert ratings) before any judge is
    /// loaded, then runs the judges one at a time, in the order given.
    public func start(_ events: @escaping @Sendable (ExamBenchLaunch.Event) -> Void) async throws -> Result {
        if judges.isEmpty { throw ExamRunError.invalidSettings("no judge model to run") }
        if let limit, limit < 1 { throw ExamRunError.invalidSettings("limit must be at least 1, found \(limit)") }
        if maxTokens < 1 { throw ExamRunError.invalidSettings("max tokens must be at least 1, found \(maxTokens)") }
        let load = try dataset.load()
        if !load.problems.isEmpty { events(.loadProblems(load.problems)) }
        let items = limit.map { Array(load.dataset.items.prefix($0)) } ?? load.dataset.items
        let judged = ExamDataset(name: load.dataset.name, format: load.dataset.format, sources: load.dataset.sources,
                                 items: items, redactText: load.dataset.redactText)
        if items.isEmpty { throw ExamRunError.noItems(dataset: judged.name, reason: "the set has no item to judge") }
        let experts = try RatingAgreement.expertRatings(of: judged)
        for item in items { _ = try CaseJudgeRunner.answer(of: item) }
        var runs: [JudgeRun] = []
        for source in judges {
            let (model, secrets) = try source.make(environment: environment, concurrency: concurrency, localScorer: { _ in nil })
            let runner = CaseJudgeRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets), rubric: rubric,
                                         noCache: noCache, consiliumVersion: consiliumVersion, maxTokens: maxTokens)
            let runID = RunID.generate()
            events(.runStarted(runID, model: model.label, mode: .generate, calls: items.count))
            runs.append(try await runner.start(judged, model: model, runID: runID) { events(.progress($0)) })
        }
        return Result(runs: runs, report: try JudgePanelReport(dataset: judged.name, expert: experts, runs: runs))
    }
}
