import ExamRunner
import Exams
import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// `consilium bench run DATASET`: models over a question set, every call recorded, reports written.
struct BenchRunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run models over an exam set (generate, likelihood or next-token scoring), recording every call.",
        discussion: """
            DATASET is a shipped set (\(ExamRegistry.names.joined(separator: ", "))) read from --data, or a question \
            file in the generic format (Benchmarks/exams/README.md). Each model x mode is one provenance run; items are \
            asked in the set's order and scored from the recorded calls. Unparseable, empty, refused and failed replies \
            count as wrong and are reported apart. Likelihood and next-token modes need a local model. A run that died \
            is finished with --resume RUN; --retry-errors also re-asks calls whose transport failed. Progress goes to \
            standard error. Scores are decision support about the models, not about patients.
            """,
        options: [
            OptionSpec("model", short: "m", valueName: "MODEL", help: "A local catalog id or GGUF path.", .repeatable),
            OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file for a remote endpoint.", .repeatable),
            OptionSpec("mode", valueName: "MODE", help: "generate, likelihood or next-token (or a comma-separated list; default generate).", .repeatable),
            OptionSpec("limit", valueName: "N", help: "Ask only the first N items (after --tag)."),
            OptionSpec("tag", valueName: "NAME=VALUE", help: "Ask only items with this tag value, e.g. subject=anatomy.", .repeatable),
            OptionSpec("repeats", valueName: "K", help: "Replies per item, majority vote (generate mode; default 1)."),
            OptionSpec("shuffle-seed", valueName: "S", help: "Shuffle each item's options with this seed."),
            OptionSpec("shots", valueName: "K", help: "Solved exemplars before each item (mmlu-medical-test: from its dev split)."),
            OptionSpec("concurrency", valueName: "N", help: "Calls in flight per remote endpoint (default: its max_concurrency)."),
            OptionSpec("max-tokens", valueName: "N", help: "Reply length limit in generate mode (default 256)."),
            OptionSpec("temperature", valueName: "T", help: "Sampling temperature in generate mode (default 0)."),
            OptionSpec("seed", valueName: "S", help: "Sampling seed; repeat r uses seed + r (default 0)."),
            OptionSpec("by", valueName: "TAG", help: "Break the report down by this tag, e.g. subject."),
            OptionSpec("resume", valueName: "RUN", help: "Finish this run instead of starting one (it keeps its own settings)."),
            RunsDatabase.option,
            OptionSpec("out", valueName: "DIR", help: "Write report.md, .csv, .json, .html and per-run item CSVs here."),
            ExamData.option,
            OptionSpec("threads", valueName: "N", help: "Worker threads for a local model (default: the number of cores)."),
        ],
        flags: [
            FlagSpec("retry-errors", help: "With --resume: ask again the calls whose transport failed."),
            FlagSpec("no-cache", help: "Ask the model even when the database holds the same call's answer."),
            FlagSpec("redact-text", help: "Treat a question file as copyrighted: reports never hold its text."),
            FlagSpec("item-text", help: "Put question text and raw replies in the item CSVs (not for redacted sets)."),
            FlagSpec("show-redacted-text", help: "With --item-text: include the text even of a redacted set."),
            FlagSpec("json", help: "Print the runs' summaries as JSON instead of Markdown."),
        ],
        positionals: [PositionalSpec("dataset", help: "A shipped set's name or a question file.", .optional)])

    let dataset: String?
    let models: [ExamModelSource.Reference]
    let modes: [ExamPrompt.Mode]
    let settings: (limit: Int?, tags: [String: String], repeats: Int, shuffleSeed: UInt64?, shots: Int,
                   maxTokens: Int, temperature: Double, seed: UInt64)
    let concurrency: Int?
    let by: String?
    let resume: String?
    let retryErrors: Bool
    let noCache: Bool
    let database: String?
    let out: String?
    let dataRoot: String?
    let threads: Int
    let redactText: Bool
    let text: ItemTable.TextPolicy
    let json: Bool

    init(_ args: ParsedArguments) throws {
        dataset = try args.optionalPositional(0)
        models = try args.strings("model").map { .model($0) } + args.strings("provider").map { .providerFile($0) }
        var modes: [ExamPrompt.Mode] = []
        for text in try args.strings("mode") {
            for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let mode = ExamPrompt.Mode(commandName: name) else {
                    throw args.invalid("mode", "unknown mode \"\(name)\"; expected generate, likelihood or next-token")
                }
                if !modes.contains(mode) { modes.append(mode) }
            }
        }
        self.modes = modes.isEmpty ? [.generate] : modes
        var tags: [String: String] = [:]
        for text in try args.strings("tag") {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw args.invalid("tag", "expected NAME=VALUE such as subject=anatomy, found \"\(text)\"")
            }
            tags[parts[0]] = parts[1]
        }
        func unsigned(_ name: String) throws -> UInt64? {
            guard let text = try args.optionalString(name) else { return nil }
            guard let value = UInt64(text) else { throw args.invalid(name, "expected a whole number 0 or more, found \"\(text)\"") }
            return value
        }
        settings = (limit: try args.optionalInt("limit", in: 1...Int.max), tags: tags,
                    repeats: try args.optionalInt("repeats", in: 1...1000) ?? 1, shuffleSeed: try unsigned("shuffle-seed"),
                    shots: try args.optionalInt("shots", in: 0...25) ?? 0, maxTokens: try args.optionalInt("max-tokens", in: 1...1_000_000) ?? 256,
                    temperature: try args.optionalDouble("temperature", in: 0...100) ?? 0, seed: try unsigned("seed") ?? 0)
        concurrency = try args.optionalInt("concurrency", in: 1...256)
        by = try args.optionalString("by")
        resume = try args.optionalString("resume")
        retryErrors = try args.flag("retry-errors")
        noCache = try args.flag("no-cache")
        database = try args.optionalString("db")
        out = try args.optionalString("out")
        dataRoot = try args.optionalString("data")
        threads = try WorkerThreads.count(args)
        redactText = try args.flag("redact-text")
        text = ItemTable.TextPolicy(includeText: try args.flag("item-text"), overrideRedaction: try args.flag("show-redacted-text"))
        json = try args.flag("json")
        try ResumableRun.check(
            args, resuming: resume != nil, kind: "run",
            settings: ["model", "provider", "mode", "limit", "tag", "repeats", "shuffle-seed", "shots", "max-tokens", "temperature", "seed", "data"],
            dataset: dataset, missingDataset: "give a set (\(ExamRegistry.names.joined(separator: ", "))) or a question file", retryErrors: retryErrors)
        if text.overrideRedaction, !text.includeText { throw args.invalid("show-redacted-text", "it applies to --item-text; give both") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let progress = BenchProgress(context: context)
        let databasePath = database ?? FlowLaunch.defaultDatabasePath(environment: context.environment)
        let results: [ExamRunResult]
        if let resume {
            results = [try await ExamBenchLaunch.resume(
                RunID(resume), databasePath: databasePath, retryErrors: retryErrors, threads: threads, concurrency: concurrency,
                noCache: noCache, consiliumVersion: Consilium.version, environment: context.environment,
                localScorer: BenchLocalScorers.factory(threads: threads)) { progress.handle($0) }]
        } else {
            let root = ExamData.root(dataRoot, context)
            let s = settings
            let runSettings = ExamRunSettings(
                dataset: .resolve(dataset ?? "", root: root, redactText: redactText), mode: .generate, tagFilter: s.tags,
                limit: s.limit, shuffleSeed: s.shuffleSeed, repeats: s.repeats, shots: s.shots, temperature: s.temperature,
                maxTokens: s.maxTokens, seed: s.seed)
            let sources = try (models.isEmpty ? [.model(ModelResolution.defaultModelID)] : models).map { try $0.source(context, threads: threads) }
            let launch = ExamBenchLaunch(settings: runSettings, modes: modes, models: sources, databasePath: databasePath,
                                         noCache: noCache, concurrency: concurrency, consiliumVersion: Consilium.version,
                                         environment: context.environment, localScorer: BenchLocalScorers.factory(threads: threads))
            results = try await launch.start { progress.handle($0) }
        }
        try BenchOutput.print(results, tag: by, json: json, out: out, text: text, context: context)
        return 0
    }
}

/// Where `--mode likelihood|next-token` gets its local scorer for a loaded local model: the
/// `LocalExamScorer` on the same mapped weights, with its own session.
enum BenchLocalScorers {
    static func factory(threads: Int) -> ExamBenchLaunch.ScorerFactory {
        { provider in LocalExamScorer(model: provider.model, threads: threads) }
    }
}

extension ExamModelSource {
    /// A `--model` or `--provider` value as typed.
    enum Reference {
        case model(String)
        case providerFile(String)

        func source(_ context: CommandContext, threads: Int) throws -> ExamModelSource {
            switch self {
            case .model(let reference):
                let file = try ModelResolution.resolve(reference, context: context)
                return .localFile(path: file.path, threads: threads, sha256: file.sha256.hex)
            case .providerFile(let path):
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CommandFailure("\(path): cannot read the provider configuration")
                }
                do {
                    let json = try JSONValue(parsing: data)
                    return .config(try ProviderConfig(json: json), json: json)
                } catch {
                    throw CommandFailure("\(path): \(error)")
                }
            }
        }
    }
}
