import FlowRunner
import Foundation
import GenePrioritization
import Provenance

/// `consilium genes bench go-naming|gwas-causal`: does the themes step name GO gene sets and give
/// random sets low confidence (beside GPT-4's published answers), and does the model pick the
/// causal gene at GWAS loci (beside the nearest gene)?
struct GenesBenchCommand: Command {
    enum Benchmark: String, CaseIterable {
        case goNaming = "go-naming", gwasCausal = "gwas-causal"

        static let directory = "Benchmarks/genes/data/benchmarks/"
        /// The shipped sample (Benchmarks/genes/make_subset.py, make_gwas_loci.py).
        var defaultData: String {
            Self.directory + (self == .goNaming ? "hu2025_go_bp_1000_contaminated.sample100.csv" : "opentargets_gwas_loci.sample100.tsv")
        }
        /// Published answers to show beside the model's; only GPT-4's GO names ship.
        var defaultPublished: String? { self == .goNaming ? Self.directory + "hu2025_gpt4_outputs_1000_go_bp.sample100.tsv" : nil }
    }

    static let spec = CommandSpec(
        name: "bench",
        abstract: "Benchmark gene questions: go-naming (Hu et al. 2025 GO sets with random controls, beside GPT-4) or gwas-causal (Open Targets gold standards, beside the nearest gene).",
        discussion: """
            go-naming asks the model to name each GO biological-process set as it is, with half its genes \
            random and with all of them random, and scores whether the top theme names the GO term (word \
            overlap, Dice >= 0.5) and how often each variant gets low confidence (no coherent theme or below \
            0.5). gwas-causal asks for the causal gene at each GWAS locus among the genes within 500 kb and \
            scores precision (95% CI), answers outside the list and the nearest-gene baseline. Every call is \
            recorded in the provenance database and reused by a later identical run.
            """,
        options: [
            OptionSpec("data", valueName: "FILE", help: "The benchmark items (default: the shipped sample in Benchmarks/genes/data/benchmarks)."),
            OptionSpec("published", valueName: "FILE", help: "go-naming: GPT-4's published answers (default: the shipped sample's)."),
            OptionSpec("prompts", valueName: "DIR", help: "The Prompts directory (default: Prompts)."),
            OptionSpec("limit", valueName: "N", help: "Use the first N sets of the file (default: 20)."),
            RunsDatabase.option,
            OptionSpec("out", short: "o", valueName: "DIR", help: "Where report.md and report.json go (default: go-naming-RUN_ID)."),
        ] + GeneModelChoice.options,
        flags: [FlagSpec("no-cache", help: "Ask the model even when the database holds the same call's answer.")],
        positionals: [PositionalSpec("benchmark", help: "The benchmark: go-naming or gwas-causal.")])

    let benchmark: Benchmark
    let job: (RunID) -> GeneBenchJob
    let modelChoice: GeneModelChoice

    init(_ args: ParsedArguments) throws {
        let name = try args.positional(0)
        guard let benchmark = Benchmark(rawValue: name) else {
            throw args.invalid("benchmark", "unknown benchmark \"\(name)\" (known: \(Benchmark.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.benchmark = benchmark
        let data = try args.optionalString("data") ?? benchmark.defaultData
        let given = try args.optionalString("published")
        if given != nil, benchmark.defaultPublished == nil { throw args.invalid("published", "only go-naming has published answers") }
        let published = given ?? benchmark.defaultPublished
        let prompts = URL(fileURLWithPath: try args.optionalString("prompts") ?? "Prompts")
        let limit = try args.optionalInt("limit", in: 1...1000) ?? 20
        let database = try args.optionalString("db")
        let out = try args.optionalString("out")
        let noCache = try args.flag("no-cache")
        let choice = try GeneModelChoice(args)
        modelChoice = choice
        job = { runID in
            GeneBenchJob(dataPath: data, publishedPath: published, promptsRoot: prompts, limit: limit,
                         model: .localFile(path: "", threads: 1, sha256: nil), modelLabel: choice.label,
                         databasePath: database ?? "", noCache: noCache, runID: runID,
                         outputDirectory: out ?? "\(benchmark.rawValue)-\(runID)", consiliumVersion: Consilium.version, environment: [:])
        }
    }

    func run(context: CommandContext) async throws -> Int32 {
        var job = job(.generate())
        job.environment = context.environment
        if job.databasePath.isEmpty { job.databasePath = FlowLaunch.defaultDatabasePath(environment: context.environment) }
        let resolve = { try modelChoice.resolve(context) }
        let announce = { (id: RunID) in context.stderr.writeLine("run \(id): \(benchmark.rawValue) on the first \(job.limit) items") }
        let summary: (runID: RunID, statistics: RunStatistics, markdown: String, paths: String)
        switch benchmark {
        case .goNaming:
            let outcome = try await GONamingBench.run(job, resolveModel: resolve, onStart: announce)
            summary = (outcome.runID, outcome.statistics, outcome.result.markdown(model: job.modelLabel, runID: outcome.runID.rawValue),
                       "\(outcome.markdownPath) and \(outcome.jsonPath)")
        case .gwasCausal:
            let outcome = try await GWASCausalBench.run(job, resolveModel: resolve, onStart: announce)
            summary = (outcome.runID, outcome.statistics, outcome.result.markdown(model: job.modelLabel, runID: outcome.runID.rawValue),
                       "\(outcome.markdownPath) and \(outcome.jsonPath)")
        }
        let s = summary.statistics
        context.stdout.writeLine("run \(summary.runID): \(s.calls) calls (\(s.providerCalls) asked, \(s.cacheHits) from the cache), \(String(format: "%.1f", s.seconds)) s")
        context.stdout.write(summary.markdown)
        context.stdout.writeLine("report: \(summary.paths)")
        return 0
    }
}
