import ExamRunner
import Exams
import FlowRunner
import Foundation
import Provenance
import Support

/// `consilium bench judge DATASET`: judge models rate a set's case answers on a rubric; agreement with the experts.
struct BenchJudgeCommand: Command {
    static let spec = CommandSpec(
        name: "judge",
        abstract: "Have judge models rate an open-ended set's case answers on a rubric and report agreement with the experts or among judges.",
        discussion: """
            DATASET is an open-ended set whose items carry a case answer and two expert ratings (radonc-realworld-50), \
            read from --data. Each judge (--model or --provider; several make a panel) is one provenance run: every \
            call recorded, identical calls reused from the database unless --no-cache. The rubric (--rubric NAME) is \
            Prompts/judges/NAME.txt; by default radonc-rubric, one 1-5 rating (Prompts/judges/rating.schema.json, the \
            experts' scale). A NAME that is also a rubric file (Prompts/rubrics/NAME.json, e.g. case-answer: \
            correctness, comprehensiveness, novelty, hallucination) rates on its dimensions, for --answers runs. The report \
            puts each judge beside the experts' agreement with each other: exact agreement, quadratic-weighted kappa, \
            ordinal Krippendorff alpha and mean ratings; unparseable and failed verdicts are counted apart. Judge \
            ratings are decision support about the answers, not verified ratings. A judge run that died is finished \
            with --resume RUN (it keeps its own set, limit and judge); --retry-errors also re-asks failed calls. \
            With --answers RUN (a bench cases answer run; repeatable) the judges rate those answers instead of the \
            shipped ones: per answering model, dimension and judge the mean rating with a 95% bootstrap interval over \
            items, and the judges' ordinal Krippendorff alpha per dimension with two or more judges (expert ratings apply \
            to shipped answers only).
            """,
        options: [
            OptionSpec("model", short: "m", valueName: "MODEL", help: "A local catalog id or GGUF path of a judge.", .repeatable),
            OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file of a remote judge.", .repeatable),
            OptionSpec("limit", valueName: "N", help: "Judge only the first N items."),
            OptionSpec("rubric", valueName: "NAME", help: "The judge rubric Prompts/judges/NAME.txt (default: radonc-rubric)."),
            OptionSpec("max-tokens", valueName: "N", help: "Reply length limit of a judge (default 256)."),
            OptionSpec("concurrency", valueName: "N", help: "Calls in flight per remote judge (default: its max_concurrency)."),
            RunsDatabase.option,
            OptionSpec("out", valueName: "DIR", help: "Write judge-agreement.md and .json (judged-answers.* with --answers) here."),
            ExamData.option,
            OptionSpec("prompts", valueName: "DIR", help: "The prompts folder holding judges/ (default: Prompts)."),
            OptionSpec("threads", valueName: "N", help: "Worker threads for a local judge (default: the number of cores)."),
            OptionSpec("resume", valueName: "RUN", help: "Finish this judge run instead of starting one."),
            OptionSpec("answers", valueName: "RUN", help: "Judge the answers of this case-answer run instead of the shipped ones.", .repeatable),
        ],
        flags: [
            FlagSpec("retry-errors", help: "With --resume: ask again the calls whose transport failed."),
            FlagSpec("no-cache", help: "Ask the judge even when the database holds the same call's answer."),
            FlagSpec("json", help: "Print the report as JSON instead of Markdown."),
        ],
        positionals: [PositionalSpec("dataset", help: "An open-ended set with expert ratings, e.g. radonc-realworld-50.", .optional)])

    let dataset: String?
    let judges: [ExamModelSource.Reference]
    let limit: Int?
    let rubric: String
    let maxTokens: Int
    let concurrency: Int?
    let database: String?
    let out: String?
    let dataRoot: String?
    let prompts: String
    let threads: Int
    let noCache: Bool
    let json: Bool
    let resume: String?
    let retryErrors: Bool
    let answers: [RunID]

    init(_ args: ParsedArguments) throws {
        dataset = try args.optionalPositional(0)
        judges = try args.strings("model").map { .model($0) } + args.strings("provider").map { .providerFile($0) }
        limit = try args.optionalInt("limit", in: 1...Int.max)
        rubric = try args.optionalString("rubric") ?? JudgeRubric.defaultName
        maxTokens = try args.optionalInt("max-tokens", in: 1...1_000_000) ?? 256
        concurrency = try args.optionalInt("concurrency", in: 1...256)
        database = try args.optionalString("db")
        out = try args.optionalString("out")
        dataRoot = try args.optionalString("data")
        prompts = try args.optionalString("prompts") ?? "Prompts"
        threads = try WorkerThreads.count(args)
        noCache = try args.flag("no-cache")
        json = try args.flag("json")
        resume = try args.optionalString("resume")
        retryErrors = try args.flag("retry-errors")
        answers = try args.strings("answers").map(RunID.init)
        try ResumableRun.check(args, resuming: resume != nil, kind: "judge run",
                               settings: ["model", "provider", "limit", "max-tokens", "data", "answers", "rubric"], dataset: dataset,
                               missingDataset: "give an open-ended set with expert ratings, e.g. radonc-realworld-50", retryErrors: retryErrors)
        if resume == nil, judges.isEmpty { throw args.invalid("model", "give at least one judge: --model MODEL or --provider CONFIG") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let progress = BenchProgress(context: context)
        let events: @Sendable (JudgeLaunch.Event) -> Void = { event in
            switch event {
            case .loadProblems(let problems): progress.handle(.loadProblems(problems))
            case .judgeStarted(let id, let judge, let items): progress.judgeStarted(id, judge: judge, items: items)
            case .progress(let state): progress.advance(state)
            }
        }
        let databasePath = database ?? FlowLaunch.defaultDatabasePath(environment: context.environment)
        let promptsRoot = URL(fileURLWithPath: prompts)
        let report: JudgeLaunch.Report
        if let resume {
            report = try await JudgeLaunch.resume(
                RunID(resume), databasePath: databasePath, promptsRoot: promptsRoot, retryErrors: retryErrors, threads: threads,
                concurrency: concurrency, noCache: noCache, consiliumVersion: Consilium.version, environment: context.environment,
                events).report
        } else {
            let root = ExamData.root(dataRoot, context)
            // The rubric is read before any judge model is resolved (which may fetch it).
            let judgeRubric = try JudgeRubric(promptsRoot: promptsRoot, name: rubric)
            let launch = JudgeLaunch(
                dataset: .resolve(dataset ?? "", root: root, redactText: false), limit: limit,
                judges: try judges.map { try $0.source(context, threads: threads) },
                rubric: judgeRubric, databasePath: databasePath, noCache: noCache,
                concurrency: concurrency, maxTokens: maxTokens, consiliumVersion: Consilium.version, environment: context.environment,
                answerRuns: answers)
            report = try await launch.start(events).report
        }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let base: String
            if case .answers = report { base = "judged-answers" } else { base = "judge-agreement" }
            for (name, text) in [("\(base).md", report.markdown), ("\(base).json", report.json.prettyText + "\n")] {
                let path = (out as NSString).appendingPathComponent(name)
                do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    throw CommandFailure("\(path): cannot write the report: \(error.localizedDescription)")
                }
            }
        }
        if json { context.stdout.writeLine(report.json.prettyText) } else { context.stdout.write(report.markdown) }
        return 0
    }
}
