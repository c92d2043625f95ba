import FlowRunner
import Foundation
import Oncology
import Providers
import TumorBoard

/// `consilium tumorboard bench benary2023`: the 10 cases of Benary et al. 2023 through the flow,
/// scored against the expert beside the paper's own sources; with several models or runs, each
/// member and their ensemble are rows of their own. `bench moalmanac-fda`: FDA biomarker-therapy
/// questions from the knowledge base, without and with retrieval.
struct TumorBoardBenchCommand: Command {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Score the tumor-board flow on a benchmark: benary2023 (expert reference) or moalmanac-fda (FDA questions).",
        discussion: """
            Runs the 10 converted cases of Benary et al. 2023 and prints pooled precision, recall and F1 \
            (the paper's exact-string rule and the normalized rule, bootstrap 95% CIs over patients) beside the \
            paper's sources, scored by the same code from the shipped data. With several --model or --runs 2 or \
            more, every member is a row and so is their ensemble (options proposed by at least --min-agree \
            members), with the run-to-run agreement above the table. Without --kb the shared MOAlmanac copy \
            ($CONSILIUM_SHARED_KB/moalmanac, default /work/shared/data/kb) is used when present; otherwise the \
            bench is skipped. MOAlmanac is research-use-only and is never committed.

            moalmanac-fda (after Jun et al. 2025) asks, for every (cancer type, biomarker) pair among the \
            knowledge base's FDA-approved rows, which therapies are approved: once without and once with the \
            retrieved rows in the prompt (--retrieval), and prints exact and partial accuracy, precision, recall \
            and F1. --limit N asks N questions drawn with --seed. --record notes $CONSILIUM_COMMIT as the commit.
            """,
        options: TumorBoardOptions.specs + EnsembleOptions.specs + [
            OptionSpec("results", valueName: "DIR", help: "Where --record writes (default: Benchmarks/results)."),
            OptionSpec("limit", valueName: "N", help: "moalmanac-fda: ask N questions drawn with --seed (default: all)."),
            OptionSpec("retrieval", valueName: "ARMS", help: "moalmanac-fda: off, on or both (default: both)."),
        ],
        flags: TumorBoardOptions.flags + [FlagSpec("record", help: "Write Benchmarks/results/tumorboard-<benchmark>-<model>-<date>.md.")],
        positionals: [PositionalSpec("benchmark", help: "The benchmark: benary2023 or moalmanac-fda.")])

    static let arms: [String: [FDABench.Arm]] = ["off": [.modelOnly], "on": [.retrieval], "both": [.modelOnly, .retrieval]]

    let benchmark: String
    let options: TumorBoardOptions
    let ensemble: EnsembleOptions
    let results: String
    let record: Bool
    let limit: Int?
    let arms: [FDABench.Arm]
    let retrieval: String

    init(_ args: ParsedArguments) throws {
        benchmark = try args.positional(0)
        guard ["benary2023", "moalmanac-fda"].contains(benchmark) else {
            throw args.invalid("benchmark", "unknown benchmark \"\(benchmark)\" (known: benary2023, moalmanac-fda)")
        }
        limit = try args.optionalInt("limit", in: 1...100_000)
        retrieval = try args.optionalString("retrieval") ?? "both"
        guard let arms = Self.arms[retrieval] else { throw args.invalid("retrieval", "expected off, on or both, found \"\(retrieval)\"") }
        self.arms = arms
        options = try TumorBoardOptions(args)
        ensemble = try EnsembleOptions(args)
        results = try args.optionalString("results") ?? "Benchmarks/results"
        record = try args.flag("record")
        let members = ensemble.members(models: options.models.count)
        if members > 1, ensemble.minimumAgreement > members { throw args.invalid("min-agree", "must be at most the \(members) members") }
        if benchmark == "moalmanac-fda", members > 1 { throw args.invalid("model", "moalmanac-fda runs one model, once") }
        if benchmark == "benary2023", try args.isGiven("limit") || args.isGiven("retrieval") {
            throw args.invalid(try args.isGiven("limit") ? "limit" : "retrieval", "applies to moalmanac-fda only")
        }
    }

    func run(context: CommandContext) async throws -> Int32 {
        guard let kbPaths = Self.knowledgeBase(options.kb, context) else { return 0 }
        if benchmark == "moalmanac-fda" { return try await runFDA(kbPaths, context) }
        let cases = try PatientCaseJSON.read(path: options.resources.benaryCases.path)
        let kb = try KnowledgeBaseFiles(paths: kbPaths)
        let bench: BenaryBench
        if ensemble.members(models: options.models.count) > 1 {
            let models = try options.ensembleModels(context, knowledgeBase: kb, references: .empty)
            let result = try await TumorBoardEnsemble.run(cases: cases, models: models, runs: ensemble.runs, temperature: ensemble.temperature,
                                                          seed: ensemble.seed, minimumAgreement: ensemble.minimumAgreement,
                                                          normalizer: try options.resources.normalizer()) { context.stderr.writeLine($0) }
            bench = try BenaryBench.score(result, resources: options.resources, knowledgeBase: kb.files)
        } else {
            let session = try options.session(context, knowledgeBase: kb, references: .empty)
            var done: [CaseRecommendation] = []
            for patient in cases {
                let (recommendation, _) = try await session.recommender.recommend(patient)
                let options = recommendation.answer.verified?.options.count
                context.stderr.writeLine("case \(patient.id): run \(recommendation.runID), \(options.map { "\($0) options" } ?? "answer unusable")")
                done.append(recommendation)
            }
            bench = try BenaryBench.score(done, source: options.modelLabel, resources: options.resources, knowledgeBase: kb.files)
        }
        context.stdout.writeLine(bench.runSummary)
        context.stdout.writeLine("")
        context.stdout.writeLine(bench.markdown)
        context.stdout.writeLine("")
        context.stdout.writeLine(TumorBoardReport.notice)
        if record {
            // An ensemble's record is named after all its models and runs, never over a single run's.
            let label = (options.models.count > 1 ? options.models.map(options.label).joined(separator: "+") : options.modelLabel)
                + (ensemble.runs > 1 ? "-runs\(ensemble.runs)" : "")
            try Self.record(bench.recordMarkdown(model: label, date: Self.today), benchmark: "benary2023", model: label, results: results, context)
        }
        return 0
    }

    /// The knowledge-base files to use: those given, else the shared MOAlmanac copy; nil (after
    /// saying so) when neither is there, so the bench skips cleanly.
    static func knowledgeBase(_ given: [String], _ context: CommandContext) -> [String]? {
        if !given.isEmpty { return given }
        let shared = (context.environment["CONSILIUM_SHARED_KB"] ?? "/work/shared/data/kb") + "/moalmanac/molecular-oncology-almanac.json"
        guard FileManager.default.fileExists(atPath: shared) else {
            context.stdout.writeLine("skipped: no knowledge base (no --kb, and \(shared) is absent)")
            return nil
        }
        return [shared]
    }

    static var today: String { String(ISO8601DateFormatter().string(from: Date()).prefix(10)) }

    static func record(_ markdown: String, benchmark: String, model: String, results: String, _ context: CommandContext) throws {
        let safe = String(model.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
        let path = URL(fileURLWithPath: results).appendingPathComponent("tumorboard-\(benchmark)-\(safe)-\(today).md").path
        do {
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("\(path): cannot write the result: \(error.localizedDescription)")
        }
        context.stdout.writeLine("recorded \(path)")
    }

    func runFDA(_ kbPaths: [String], _ context: CommandContext) async throws -> Int32 {
        let kb = try KnowledgeBaseFiles(paths: kbPaths)
        let session = try options.session(context, knowledgeBase: kb, references: .empty)
        let seed = UInt64(ensemble.seed)
        let bench = try await FDABench.run(rows: kb.knowledgeBase.rows, limit: limit, seed: seed, arms: arms, runner: session.recommender.runner,
                                           resources: options.resources) { context.stderr.writeLine($0) }
        context.stdout.writeLine(bench.summary)
        context.stdout.writeLine("")
        context.stdout.writeLine(bench.markdown)
        if record {
            let command = (["consilium tumorboard bench moalmanac-fda", "--model \(options.modelLabel)", "--retrieval \(retrieval)"]
                + (limit.map { ["--limit \($0)", "--seed \(seed)"] } ?? [])).joined(separator: " ")
            let process = ProcessInfo.processInfo
            let machine = "\(process.hostName), \(process.activeProcessorCount) cores, \(options.threads) threads"
            let markdown = bench.recordMarkdown(model: options.modelLabel, date: Self.today, command: command,
                                                commit: context.environment["CONSILIUM_COMMIT"] ?? "(unknown: CONSILIUM_COMMIT not set)", machine: machine)
            try Self.record(markdown, benchmark: "moalmanac-fda", model: options.modelLabel, results: results, context)
        }
        return 0
    }
}
