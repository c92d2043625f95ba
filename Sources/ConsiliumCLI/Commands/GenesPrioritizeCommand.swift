import FlowRunner
import Foundation
import GenePrioritization
import Genes
import Provenance
import Providers

/// `consilium genes prioritize`: the gene prioritization job on a module set, with a report.
struct GenesPrioritizeCommand: Command {
    static let spec = CommandSpec(
        name: "prioritize",
        abstract: "Prioritize the genes of blood transcriptome modules (after Toufiq et al. 2023) and write a report.",
        discussion: """
            Give exactly one module source: --aggregate or --module (BloodGen3 ids, from --repertoire), \
            --genes (a plain list, one symbol a line) or --gmt with --set. Symbols are normalized through \
            HGNC; every gene is scored on the preset's six weighted criteria in --replicates runs; the \
            first replicate's justifications are split into claims and checked against offline knowledge. \
            Every model call is recorded in the provenance database and reused by a later identical run \
            unless --no-cache. The report is decision support, not decisions: unverified claims are marked.
            """,
        options: [
            OptionSpec("aggregate", short: "a", valueName: "ID", help: "A BloodGen3 aggregate, e.g. A37 (repeatable).", .repeatable),
            OptionSpec("module", valueName: "ID", help: "A BloodGen3 module, e.g. M9.2 (repeatable).", .repeatable),
            OptionSpec("genes", valueName: "FILE", help: "A plain gene list, one symbol a line."),
            OptionSpec("gmt", valueName: "FILE", help: "A GMT file of gene sets (with --set)."),
            OptionSpec("set", valueName: "NAME", help: "A set of the --gmt file (repeatable; default all).", .repeatable),
            OptionSpec("repertoire", valueName: "FILE", help: "The BloodGen3 module list (default: Benchmarks/genes/data/bloodgen3/Module_listGen3.A37.csv)."),
            OptionSpec("data", valueName: "DIR", help: "The knowledge files (default: Benchmarks/genes/data)."),
            OptionSpec("prompts", valueName: "DIR", help: "The Prompts directory (default: Prompts)."),
            OptionSpec("criteria", valueName: "PRESET", help: "A criteria preset in Prompts/criteria (default: toufiq2023-erythroid)."),
            OptionSpec("replicates", short: "r", valueName: "N", help: "Scoring replicates per gene (default: 3)."),
            OptionSpec("top", valueName: "K", help: "Top candidates per module (default: 5)."),
            OptionSpec("limit-genes", valueName: "N", help: "Score only the first N genes of each module (quick runs)."),
            OptionSpec("expression", valueName: "FILE", help: "A genes-by-samples expression matrix (TSV or CSV)."),
            OptionSpec("groups", valueName: "FILE", help: "Sample groups for the expression matrix."),
            OptionSpec("case", valueName: "GROUP", help: "The case group of --groups."),
            OptionSpec("control", valueName: "GROUP", help: "The control group of --groups."),
            RunsDatabase.option,
            OptionSpec("out", short: "o", valueName: "DIR", help: "Where report.md and report.json go (default: genes-report-RUN_ID)."),
        ] + GeneModelChoice.options,
        flags: [
            FlagSpec("no-cache", help: "Ask the model even when the database holds the same call's answer."),
            FlagSpec("prefix-reuse", help: "Keep the local model's cache of the shared prompt prefix across calls, as far as answers stay a fresh session's: about 10% less time on A37 here (Benchmarks/results/genes-a37-prefix-reuse-2026-11-30.md)."),
        ])

    /// The job for a run id; the model and environment are filled in by `run`, which may fetch the model.
    let job: (RunID) -> GeneJob
    let modelChoice: GeneModelChoice

    init(_ args: ParsedArguments) throws {
        let aggregates = try args.strings("aggregate")
        let moduleIDs = try args.strings("module")
        let geneList = try args.optionalString("genes")
        let gmt = try args.optionalString("gmt")
        let sets = try args.strings("set")
        let given = [!aggregates.isEmpty || !moduleIDs.isEmpty, geneList != nil, gmt != nil].filter { $0 }.count
        guard given == 1 else {
            throw args.invalid(given == 0 ? "aggregate" : "genes", "give exactly one module source: --aggregate/--module, --genes or --gmt")
        }
        if !sets.isEmpty, gmt == nil { throw args.invalid("set", "--set names a set of the --gmt file") }
        let repertoire = try args.optionalString("repertoire") ?? "Benchmarks/genes/data/bloodgen3/Module_listGen3.A37.csv"
        let source: ModuleSource
        if let geneList {
            source = .plainList(path: geneList, name: URL(fileURLWithPath: geneList).deletingPathExtension().lastPathComponent)
        } else if let gmt {
            source = .gmt(path: gmt, names: sets)
        } else {
            source = .bloodGen3(path: repertoire, ids: aggregates + moduleIDs)
        }
        let expressionFile = try args.optionalString("expression")
        let groups = try args.optionalString("groups")
        let caseGroup = try args.optionalString("case")
        let controlGroup = try args.optionalString("control")
        if expressionFile == nil, groups != nil { throw args.invalid("groups", "--groups needs --expression") }
        if groups != nil, (caseGroup == nil) != (controlGroup == nil) { throw args.invalid("case", "give both --case and --control") }
        if groups == nil, caseGroup != nil || controlGroup != nil { throw args.invalid("case", "--case and --control need --groups") }
        let expression = expressionFile.map { GeneJob.Expression(matrix: $0, groups: groups, caseGroup: caseGroup, controlGroup: controlGroup) }
        let prompts = URL(fileURLWithPath: try args.optionalString("prompts") ?? "Prompts")
        let data = try args.optionalString("data") ?? "Benchmarks/genes/data"
        let criteria = try args.optionalString("criteria") ?? "toufiq2023-erythroid"
        let replicates = try args.optionalInt("replicates", in: 1...20) ?? 3
        let top = try args.optionalInt("top", in: 1...100) ?? 5
        let limit = try args.optionalInt("limit-genes", in: 1...100_000)
        let database = try args.optionalString("db")
        let out = try args.optionalString("out")
        let noCache = try args.flag("no-cache")
        let reusePrefix = try args.flag("prefix-reuse")
        modelChoice = try GeneModelChoice(args)
        job = { runID in
            GeneJob(modules: source, promptsRoot: prompts, dataDirectory: data, criteria: criteria, replicates: replicates,
                    top: top, limitGenes: limit, expression: expression, model: .localFile(path: "", threads: 1, sha256: nil),
                    reusePrefix: reusePrefix, databasePath: database ?? "", noCache: noCache, runID: runID,
                    outputDirectory: out ?? "genes-report-\(runID)", consiliumVersion: Consilium.version, environment: [:])
        }
    }

    func run(context: CommandContext) async throws -> Int32 {
        var job = job(.generate())
        job.environment = context.environment
        if job.databasePath.isEmpty { job.databasePath = FlowLaunch.defaultDatabasePath(environment: context.environment) }
        let outcome = try await GenePrioritizer.run(job, resolveModel: { try modelChoice.resolve(context) }) { id in
            context.stderr.writeLine("run \(id): scoring genes (progress is in the provenance database)")
        }
        let report = outcome.report
        let s = report.statistics
        context.stdout.writeLine("run \(report.runID): \(report.analysis.plan.genes.count) genes in \(report.analysis.modules.count) module(s); \(s.calls) calls (\(s.providerCalls) asked, \(s.cacheHits) from the cache), \(report.failedItems) failed items, \(String(format: "%.1f", s.seconds)) s")
        for module in report.analysis.modules {
            context.stdout.writeLine("\(module.id): top picks \(module.picks.map(\.gene).joined(separator: ", ").isEmpty ? "none backed by supported claims" : module.picks.map(\.gene).joined(separator: ", "))")
        }
        context.stdout.writeLine("report: \(outcome.markdownPath) and \(outcome.jsonPath)")
        context.stdout.writeLine(GeneReport.notice)
        return 0
    }
}
