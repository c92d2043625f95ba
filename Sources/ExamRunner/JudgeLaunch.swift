import Exams
import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// `consilium bench judge` as a library call: one open-ended set, one or more judge models (a
/// panel), each its own provenance run, then the agreement report against the set's experts; or,
/// given answer runs, each judge rates each run's answers (one judge run per judge x answer run).
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
    /// `consilium.case-answers` runs whose answers are judged instead of the set's shipped `modelAnswer`.
    public var answerRuns: [RunID]

    public init(dataset: DatasetReference, limit: Int? = nil, judges: [ExamModelSource], rubric: JudgeRubric,
                databasePath: String, noCache: Bool = false, concurrency: Int? = nil, maxTokens: Int = 256,
                consiliumVersion: String, environment: [String: String], answerRuns: [RunID] = []) {
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
        self.answerRuns = answerRuns
    }

    /// What happens, for the caller to show.
    public enum Event: Sendable {
        case loadProblems([LoadProblem])
        case judgeStarted(RunID, judge: String, items: Int)
        case progress(ExamProgress)
    }

    public struct Result: Sendable {
        public let runs: [JudgeRun]
        public let report: Report
    }

    /// Agreement with the experts (the shipped answers), or ratings of answer runs' answers.
    public enum Report: Sendable {
        case experts(JudgePanelReport)
        case answers(AnswerJudgingReport)

        public var markdown: String {
            switch self {
            case .experts(let report): return report.markdown
            case .answers(let report): return report.markdown
            }
        }

        public var json: JSONValue {
            switch self {
            case .experts(let report): return report.json
            case .answers(let report): return report.json
            }
        }
    }

    /// Checks the set (every item needs a case answer and both expert ratings) before any judge is
    /// loaded, then runs the judges one at a time, in the order given.
    public func start(_ events: @escaping @Sendable (Event) -> Void) async throws -> Result {
        if judges.isEmpty { throw ExamRunError.invalidSettings("no judge model to run") }
        if let limit, limit < 1 { throw ExamRunError.invalidSettings("limit must be at least 1, found \(limit)") }
        if maxTokens < 1 { throw ExamRunError.invalidSettings("max tokens must be at least 1, found \(maxTokens)") }
        if !answerRuns.isEmpty { return try await judgeAnswers(events) }
        guard rubric.isExpertScale else {
            throw ExamRunError.invalidSettings("judge rubric \(rubric.name) rates \(rubric.dimensions.joined(separator: ", ")), not the experts' "
                                               + "single 1-5 rating: use it on model answers (--answers RUN), or judge the shipped answers "
                                               + "with \(JudgeRubric.defaultName)")
        }
        let (judged, experts) = try Self.load(dataset, limit: limit, events)
        let launch: [String: JSONValue] = ["dataset": dataset.json, "limit": limit.map { .number(Double($0)) } ?? .null]
        var runs: [JudgeRun] = []
        for source in judges {
            let (model, secrets) = try source.make(environment: environment, concurrency: concurrency, localScorer: { _ in nil })
            let runner = CaseJudgeRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets), rubric: rubric,
                                         noCache: noCache, consiliumVersion: consiliumVersion, maxTokens: maxTokens)
            let runID = RunID.generate()
            events(.judgeStarted(runID, judge: model.label, items: judged.items.count))
            runs.append(try await runner.start(judged, model: model, runID: runID, launch: launch) { events(.progress($0)) })
        }
        return Result(runs: runs, report: .experts(try JudgePanelReport(dataset: judged.name, expert: experts, runs: runs)))
    }

    /// Every judge rates the answers of every answer run, judges in the outer loop (each loaded once).
    private func judgeAnswers(_ events: @escaping @Sendable (Event) -> Void) async throws -> Result {
        let load = try dataset.load()
        if !load.problems.isEmpty { events(.loadProblems(load.problems)) }
        let lookup = try FlowLaunch.openStore(databasePath)
        let answers = try answerRuns.map { try CaseAnswerRun.read($0, store: lookup) }
        let sets = try answers.map { try Self.answered(load.dataset, by: $0, limit: limit) }
        var judged = [[JudgeRun]](repeating: [], count: answers.count)
        for source in judges {
            let (model, secrets) = try source.make(environment: environment, concurrency: concurrency, localScorer: { _ in nil })
            let runner = CaseJudgeRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets), rubric: rubric,
                                         noCache: noCache, consiliumVersion: consiliumVersion, maxTokens: maxTokens)
            for (index, set) in sets.enumerated() {
                let launch: [String: JSONValue] = ["dataset": dataset.json, "limit": limit.map { .number(Double($0)) } ?? .null,
                                                   "answers": .string(answers[index].runID.rawValue)]
                let runID = RunID.generate()
                events(.judgeStarted(runID, judge: "\(model.label) on the answers of \(answers[index].label)", items: set.items.count))
                judged[index].append(try await runner.start(set, model: model, runID: runID, launch: launch) { events(.progress($0)) })
            }
        }
        return Result(runs: judged.flatMap { $0 },
                      report: .answers(try AnswerJudgingReport(dataset: load.dataset.name, dimensions: rubric.dimensions, answers: answers, judged: judged)))
    }

    /// The set's items that `answers` answered (the first `limit` of the run's items), each carrying
    /// its answer as `modelAnswer`. Throws when the run asked another set or answered none.
    static func answered(_ dataset: ExamDataset, by answers: CaseAnswerRun, limit: Int?) throws -> ExamDataset {
        try answers.requireAnswered(dataset, use: "judge")
        let byID = Dictionary(dataset.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let asked = limit.map { Array(answers.itemIDs.prefix($0)) } ?? answers.itemIDs
        let items = try asked.compactMap { id -> ExamItem? in
            guard let text = answers.answers[id] else { return nil }
            guard let item = byID[id] else {
                throw ExamRunError.invalidSettings("answer run \(answers.runID) answered item \(id), which \(dataset.name) does not have")
            }
            var annotations = item.annotations
            annotations["modelAnswer"] = text
            return try ExamItem(id: item.id, stem: item.stem, format: item.format, options: item.options, key: item.key, tags: item.tags,
                                flags: item.flags, context: item.context, annotations: annotations)
        }
        if items.isEmpty {
            throw ExamRunError.noItems(dataset: dataset.name, reason: "answer run \(answers.runID) has no answer to judge (its calls failed?)")
        }
        return ExamDataset(name: dataset.name, format: dataset.format, sources: dataset.sources, items: items, redactText: dataset.redactText)
    }

    /// Continues a judge run with the set, limit, judge and rubric it recorded (the rubric read
    /// again from `promptsRoot` must hash as recorded); with `retryErrors`, failed calls are asked again.
    public static func resume(_ id: RunID, databasePath: String, promptsRoot: URL, retryErrors: Bool, threads: Int,
                              concurrency: Int?, noCache: Bool, consiliumVersion: String, environment: [String: String],
                              _ events: @escaping @Sendable (Event) -> Void) async throws -> Result {
        let lookup = try FlowLaunch.openStore(databasePath)
        guard let record = try lookup.run(id) else { throw ProvenanceError.runNotFound(id) }
        guard record.flowID == CaseJudgeRunner.flowID else {
            throw ExamRunError.corruptRecord(field: "flow_id", reason: "run \(id) is a \(record.flowID) run, not a judge run")
        }
        let parameters = record.parameters
        guard let datasetJSON = parameters["dataset"], let sourceJSON = parameters["modelSource"],
              let rubricName = parameters["rubric"]?.stringValue, let maxTokens = parameters["maxTokens"]?.intValue else {
            throw ExamRunError.corruptRecord(field: "parameters", reason: "run \(id) lacks dataset, modelSource, rubric or maxTokens")
        }
        let reference = try DatasetReference(json: datasetJSON)
        let limit = parameters["limit"]?.intValue
        let answerRun = parameters["answers"]?.stringValue.map(RunID.init)
        let judged: ExamDataset
        var experts: [(Int, Int)] = []
        var answers: CaseAnswerRun?
        if let answerRun {
            let load = try reference.load()
            if !load.problems.isEmpty { events(.loadProblems(load.problems)) }
            let run = try CaseAnswerRun.read(answerRun, store: lookup)
            judged = try answered(load.dataset, by: run, limit: limit)
            answers = run
        } else {
            (judged, experts) = try load(reference, limit: limit, events)
        }
        let (model, secrets) = try ExamModelSource(json: sourceJSON, threads: threads)
            .make(environment: environment, concurrency: concurrency, localScorer: { _ in nil })
        let rubric = try JudgeRubric(promptsRoot: promptsRoot, name: rubricName)
        let runner = CaseJudgeRunner(store: try FlowLaunch.openStore(databasePath, secrets: secrets), rubric: rubric, noCache: noCache,
                                     consiliumVersion: consiliumVersion, maxTokens: maxTokens)
        events(.judgeStarted(id, judge: model.label, items: judged.items.count))
        let run = try await runner.resume(id, judged, model: model, retryErrors: retryErrors) { events(.progress($0)) }
        if let answers {
            return Result(runs: [run], report: .answers(try AnswerJudgingReport(dataset: judged.name, dimensions: rubric.dimensions, answers: [answers],
                                                                                     judged: [[run]])))
        }
        return Result(runs: [run], report: .experts(try JudgePanelReport(dataset: judged.name, expert: experts, runs: [run])))
    }

    /// The first `limit` items of the set, checked: each has a case answer and both expert ratings.
    static func load(_ dataset: DatasetReference, limit: Int?,
                     _ events: @Sendable (Event) -> Void) throws -> (ExamDataset, [(Int, Int)]) {
        let load = try dataset.load()
        if !load.problems.isEmpty { events(.loadProblems(load.problems)) }
        let items = limit.map { Array(load.dataset.items.prefix($0)) } ?? load.dataset.items
        let judged = ExamDataset(name: load.dataset.name, format: load.dataset.format, sources: load.dataset.sources,
                                 items: items, redactText: load.dataset.redactText)
        if items.isEmpty { throw ExamRunError.noItems(dataset: judged.name, reason: "the set has no item to judge") }
        for item in items { _ = try CaseJudgeRunner.answer(of: item) }
        return (judged, try RatingAgreement.expertRatings(of: judged))
    }
}
