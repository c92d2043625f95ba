import ExamRunner
import Exams
import FlowRunner
import Foundation
import Support

/// `consilium bench judge DATASET`: judge models rate a set's case answers on a rubric; agreement with the experts.
struct BenchJudgeCommand: Command {
    static let spec = CommandSpec(
        name: "judge",
        abstract: "Have judge models rate an open-ended set's case answers (1-5 rubric) and report agreement with the experts.",
        discussion: """
            DATASET is an open-ended set whose items carry a case answer and two expert ratings (radonc-realworld-50), \
            read from --data. Each judge (--model or --provider; several make a panel) is one provenance run: every \
            call recorded, identical calls reused from the database unless --no-cache. The rubric is \
            Prompts/judges/radonc-rubric.txt, a local judge decodes under Prompts/judges/rating.schema.json. The report \
            puts each judge beside the experts' agreement with each other: exact agreement, quadratic-weighted kappa, \
            ordinal Krippendorff alpha and mean ratings; unparseable and failed verdicts are counted apart. Judge \
            ratings are decision support about the answers, not verified ratings.
            """,
        options: [
            OptionSpec("model", short: "m", valueName: "MODEL", help: "A local catalog id or GGUF path of a judge.", .repeatable),
            OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file of a remote judge.", .repeatable),
            OptionSpec("limit", valueName: "N", help: "Judge only the first N items."),
            OptionSpec("max-tokens", valueName: "N", help: "Reply length limit of a judge (default 256)."),
            OptionSpec("concurrency", valueName: "N", help: "Calls in flight per remote judge (default: its max_concurrency)."),
            OptionSpec("db", valueName: "PATH", help: "The provenance database (default: $CONSILIUM_DB or ~/.local/share/consilium/provenance.sqlite)."),
            OptionSpec("out", valueName: "DIR", help: "Write judge-agreement.md and judge-agreement.json here."),
            OptionSpec("data", valueName: "DIR", help: "The exam data folder (default: $CONSILIUM_EXAMS or Benchmarks/exams)."),
            OptionSpec("prompts", valueName: "DIR", help: "The prompts folder holding judges/ (default: Prompts)."),
            OptionSpec("threads", valueName: "N", help: "Worker threads for a local judge (default: the number of cores)."),
        ],
        flags: [
            FlagSpec("no-cache", help: "Ask the judge even when the database holds the same call's answer."),
            FlagSpec("json", help: "Print the report as JSON instead of Markdown."),
        ],
        positionals: [PositionalSpec("dataset", help: "An open-ended set with expert ratings, e.g. radonc-realworld-50.")])

    let dataset: String
    let judges: [ExamModelSource.Reference]
    let limit: Int?
    let maxTokens: Int
    let concurrency: Int?
    let database: String?
    let out: String?
    let dataRoot: String?
    let prompts: String
    let threads: Int
    let noCache: Bool
    let json: Bool

    init(_ args: ParsedArguments) throws {
        dataset = try args.positional(0)
        judges = try args.strings("model").map { .model($0) } + args.strings("provider").map { .providerFile($0) }
        if judges.isEmpty { throw args.invalid("model", "give at least one judge: --model MODEL or --provider CONFIG") }
        limit = try args.optionalInt("limit", in: 1...Int.max)
        maxTokens = try args.optionalInt("max-tokens", in: 1...1_000_000) ?? 256
        concurrency = try args.optionalInt("concurrency", in: 1...256)
        database = try args.optionalString("db")
        out = try args.optionalString("out")
        dataRoot = try args.optionalString("data")
        prompts = try args.optionalString("prompts") ?? "Prompts"
        threads = try args.optionalInt("threads", in: 1...512) ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        noCache = try args.flag("no-cache")
        json = try args.flag("json")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let progress = BenchProgress(context: context)
        let root = dataRoot ?? context.environment["CONSILIUM_EXAMS"] ?? "Benchmarks/exams"
        let launch = JudgeLaunch(
            dataset: .resolve(dataset, root: root, redactText: false), limit: limit,
            judges: try judges.map { try $0.source(context, threads: threads) },
            rubric: try JudgeRubric(promptsRoot: URL(fileURLWithPath: prompts)),
            databasePath: database ?? FlowLaunch.defaultDatabasePath(environment: context.environment),
            noCache: noCache, concurrency: concurrency, maxTokens: maxTokens, consiliumVersion: Consilium.version,
            environment: context.environment)
        let report = try await launch.start { progress.handle($0) }.report
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (name, text) in [("judge-agreement.md", report.markdown), ("judge-agreement.json", report.json.prettyText + "\n")] {
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
