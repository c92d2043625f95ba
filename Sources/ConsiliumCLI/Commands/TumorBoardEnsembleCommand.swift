import Foundation
import Oncology
import TumorBoard

/// The options of an ensemble: how many runs per model, how they sample, and the keep rule.
struct EnsembleOptions {
    static let specs: [OptionSpec] = [
        OptionSpec("runs", valueName: "N", help: "Runs per model (default: 1); several runs sample at --temperature with seeds --seed, --seed+1, ..."),
        OptionSpec("temperature", valueName: "T", help: "Sampling temperature of repeated runs (default: 0.7; a single run decodes greedily)."),
        OptionSpec("seed", valueName: "N", help: "The first run's seed (default: 0)."),
        OptionSpec("min-agree", valueName: "K", help: "Keep options proposed by at least K members (default: 2, the paper's best-precision rule)."),
    ]

    let runs: Int
    let temperature: Double
    let seed: Int
    let minimumAgreement: Int

    init(_ args: ParsedArguments) throws {
        runs = try args.optionalInt("runs", in: 1...50) ?? 1
        temperature = try args.optionalDouble("temperature", in: 0...2) ?? 0.7
        seed = try args.optionalInt("seed", in: 0...Int(Int32.max)) ?? 0
        minimumAgreement = try args.optionalInt("min-agree", in: 1...1000) ?? 2
    }

    func members(models: Int) -> Int { max(1, models) * runs }
}

/// `consilium tumorboard ensemble`: several models or runs on the same cases, options kept by agreement.
struct TumorBoardEnsembleCommand: Command {
    static let spec = CommandSpec(
        name: "ensemble",
        abstract: "Run several models or runs on the cases and keep the options at least K of them propose.",
        discussion: """
            Every --model (repeatable) runs --runs times on every case through the tumor-board flow, each run \
            recorded in the provenance database. Options proposed by at least --min-agree members (matched after \
            drug and alteration normalization) are kept, as in Benary et al. 2023, where options named by at least \
            two LLMs had the best precision. The report gives each member's options and the run-to-run agreement \
            (pairwise Jaccard of option sets, Fleiss' kappa, Cohen's kappa for two members). Decision support, not a decision.
            """,
        options: TumorBoardOptions.specs + EnsembleOptions.specs + [
            OptionSpec("references", valueName: "FILE", help: "PMIDs and NCT ids the board supplies, one per line."),
            OptionSpec("out", valueName: "DIR", help: "Write option-rows.json (every member and the ensemble) and ensemble.json here."),
        ],
        flags: TumorBoardOptions.flags,
        positionals: [PositionalSpec("case", help: "A case file (consilium.tumorboard.cases JSON) or one case object.")])

    let casePath: String
    let options: TumorBoardOptions
    let ensemble: EnsembleOptions
    let references: String?
    let out: String?

    init(_ args: ParsedArguments) throws {
        casePath = try args.positional(0)
        options = try TumorBoardOptions(args)
        ensemble = try EnsembleOptions(args)
        references = try args.optionalString("references")
        out = try args.optionalString("out")
        if options.kb.isEmpty { throw args.invalid("kb", "give at least one knowledge-base file") }
        let members = ensemble.members(models: options.models.count)
        if members < 2 { throw args.invalid("runs", "an ensemble needs at least 2 members: give --model twice or more, or --runs 2 or more") }
        if ensemble.minimumAgreement > members { throw args.invalid("min-agree", "must be at most the \(members) members") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let cases = try TumorBoardSession.readCases(path: casePath)
        let kb = try KnowledgeBaseFiles(paths: options.kb)
        let library = try references.map(ReferenceLibrary.read(path:)) ?? .empty
        let models = try options.ensembleModels(context, knowledgeBase: kb, references: library)
        let result = try await TumorBoardEnsemble.run(cases: cases, models: models, runs: ensemble.runs, temperature: ensemble.temperature,
                                                      seed: ensemble.seed, minimumAgreement: ensemble.minimumAgreement,
                                                      normalizer: try options.resources.normalizer()) { context.stderr.writeLine($0) }
        context.stdout.writeLine(result.markdown)
        if let out {
            try result.write(to: out)
            context.stdout.writeLine("wrote \(out)/\(TumorBoardSession.optionRowsFile) and \(out)/ensemble.json")
        }
        context.stdout.writeLine(TumorBoardReport.notice)
        return 0
    }
}
