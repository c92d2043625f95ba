import ExamRunner
import Exams
import FlowRunner
import Foundation
import Provenance
import Support

/// `consilium bench cases answer DATASET`: models write free-text answers to a set's open-ended items.
struct BenchCasesAnswerCommand: Command {
    static let spec = CommandSpec(
        name: "answer",
        abstract: "Have models write free-text answers to an open-ended case set, one recorded run per model.",
        discussion: """
            DATASET is a shipped open-ended set (radonc-realworld-50) read from --data, or a question file in the \
            generic format whose items have no options. Every model (--model or --provider) answers each open-ended \
            item with the prompt in Prompts/cases/ (system.txt and answer.txt, hashed into every call's identity), \
            greedily unless --temperature is given. Each model is one provenance run: calls recorded, identical calls \
            reused from the database unless --no-cache. A run that died is finished with --resume RUN; \
            --retry-errors also re-asks failed calls. The summary shows counts and run ids, never item text; --out \
            writes it with case-answers.jsonl (ids and status; question and answer text with --item-text, for a \
            redacted set only with --show-redacted-text too). The \
            answers are decision support for rating (bench judge --answers RUN), not verified recommendations.
            """,
        options: [
            OptionSpec("model", short: "m", valueName: "MODEL", help: "A local catalog id or GGUF path.", .repeatable),
            OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file for a remote endpoint.", .repeatable),
            OptionSpec("limit", valueName: "N", help: "Answer only the first N open-ended items."),
            OptionSpec("max-tokens", valueName: "N", help: "Answer length limit in tokens (default 512)."),
            OptionSpec("temperature", valueName: "T", help: "Sampling temperature (default 0: greedy)."),
            OptionSpec("seed", valueName: "S", help: "Sampling seed (default 0)."),
            OptionSpec("concurrency", valueName: "N", help: "Calls in flight per remote endpoint (default: its max_concurrency)."),
            OptionSpec("resume", valueName: "RUN", help: "Finish this answer run instead of starting one (it keeps its own settings)."),
            RunsDatabase.option,
            OptionSpec("out", valueName: "DIR", help: "Write case-answers.md (the summary) and case-answers.jsonl here."),
            ExamData.option,
            OptionSpec("prompts", valueName: "DIR", help: "The prompts folder holding cases/ (default: Prompts)."),
            OptionSpec("threads", valueName: "N", help: "Worker threads for a local model (default: the number of cores)."),
        ],
        flags: [
            FlagSpec("retry-errors", help: "With --resume: ask again the calls that failed."),
            FlagSpec("no-cache", help: "Ask the model even when the database holds the same call's answer."),
            FlagSpec("redact-text", help: "Treat a question file as copyrighted (its text is sent to the models, never printed)."),
            FlagSpec("item-text", help: "With --out: put question and answer text in case-answers.jsonl (not for redacted sets)."),
            FlagSpec("show-redacted-text", help: "With --item-text: include the text even of a redacted set."),
            FlagSpec("json", help: "Print the summary as JSON instead of Markdown."),
        ],
        positionals: [PositionalSpec("dataset", help: "An open-ended set's name or a question file.", .optional)])

    let dataset: String?
    let models: [ExamModelSource.Reference]
    let limit: Int?
    let maxTokens: Int
    let temperature: Double
    let seed: UInt64
    let concurrency: Int?
    let resume: String?
    let retryErrors: Bool
    let noCache: Bool
    let database: String?
    let dataRoot: String?
    let prompts: String
    let threads: Int
    let redactText: Bool
    let out: String?
    let text: ItemTable.TextPolicy
    let json: Bool

    init(_ args: ParsedArguments) throws {
        dataset = try args.optionalPositional(0)
        models = try args.strings("model").map { .model($0) } + args.strings("provider").map { .providerFile($0) }
        limit = try args.optionalInt("limit", in: 1...Int.max)
        maxTokens = try args.optionalInt("max-tokens", in: 1...1_000_000) ?? 512
        temperature = try args.optionalDouble("temperature", in: 0...100) ?? 0
        if let text = try args.optionalString("seed") {
            guard let value = UInt64(text) else { throw args.invalid("seed", "expected a whole number 0 or more, found \"\(text)\"") }
            seed = value
        } else {
            seed = 0
        }
        concurrency = try args.optionalInt("concurrency", in: 1...256)
        resume = try args.optionalString("resume")
        retryErrors = try args.flag("retry-errors")
        noCache = try args.flag("no-cache")
        database = try args.optionalString("db")
        dataRoot = try args.optionalString("data")
        prompts = try args.optionalString("prompts") ?? "Prompts"
        threads = try WorkerThreads.count(args)
        redactText = try args.flag("redact-text")
        out = try args.optionalString("out")
        text = ItemTable.TextPolicy(includeText: try args.flag("item-text"), overrideRedaction: try args.flag("show-redacted-text"))
        json = try args.flag("json")
        if text.includeText, out == nil { throw args.invalid("item-text", "it applies to the file --out writes; give --out DIR") }
        if text.overrideRedaction, !text.includeText { throw args.invalid("show-redacted-text", "it applies to --item-text; give both") }
        try ResumableRun.check(args, resuming: resume != nil, kind: "answer run",
                               settings: ["model", "provider", "limit", "max-tokens", "temperature", "seed", "data", "redact-text"],
                               dataset: dataset, missingDataset: "give an open-ended set (radonc-realworld-50) or a question file",
                               retryErrors: retryErrors)
        if resume == nil, models.isEmpty { throw args.invalid("model", "give at least one model: --model MODEL or --provider CONFIG") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let progress = BenchProgress(context: context)
        let events: @Sendable (CaseAnswerLaunch.Event) -> Void = { event in
            switch event {
            case .loadProblems(let problems): progress.handle(.loadProblems(problems))
            case .runStarted(let id, let model, let items):
                progress.runStarted("run \(id): \(model), \(items) case answers (if interrupted: consilium bench cases answer --resume \(id))")
            case .progress(let state): progress.advance(state)
            }
        }
        let databasePath = database ?? FlowLaunch.defaultDatabasePath(environment: context.environment)
        let promptsRoot = URL(fileURLWithPath: prompts)
        let result: CaseAnswerLaunch.Result
        if let resume {
            result = try await CaseAnswerLaunch.resume(
                RunID(resume), databasePath: databasePath, promptsRoot: promptsRoot, retryErrors: retryErrors, threads: threads,
                concurrency: concurrency, noCache: noCache, consiliumVersion: Consilium.version, environment: context.environment,
                events)
        } else {
            let root = ExamData.root(dataRoot, context)
            let settings = CaseAnswerSettings(dataset: .resolve(dataset ?? "", root: root, redactText: redactText), limit: limit,
                                              maxTokens: maxTokens, temperature: temperature, seed: seed)
            let launch = CaseAnswerLaunch(
                settings: settings, models: try models.map { try $0.source(context, threads: threads) },
                prompt: try CaseAnswerPrompt(promptsRoot: promptsRoot), databasePath: databasePath, noCache: noCache,
                concurrency: concurrency, consiliumVersion: Consilium.version, environment: context.environment)
            result = try await launch.start(events)
        }
        let summary = CaseAnswerSummary(result.runs)
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let files = [("case-answers.md", summary.markdown),
                         ("case-answers.jsonl", CaseAnswerFile.jsonl(result.runs, dataset: result.dataset, text: text))]
            for (name, content) in files {
                let path = (out as NSString).appendingPathComponent(name)
                do { try content.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    throw CommandFailure("\(path): cannot write: \(error.localizedDescription)")
                }
            }
        }
        if json { context.stdout.writeLine(summary.json.prettyText) } else { context.stdout.write(summary.markdown) }
        return 0
    }
}
