import FlowRunner
import Foundation
import Oncology
import Providers
import TumorBoard

/// Options shared by the tumor-board commands: model, database, knowledge base, data folders.
struct TumorBoardOptions {
    static let specs: [OptionSpec] = [
        OptionSpec("kb", valueName: "PATH", help: "A knowledge-base file: MOAlmanac JSON (.json) or CIViC TSV (.tsv).", .repeatable),
        OptionSpec("model", short: "m", valueName: "MODEL",
                   help: "A local catalog id or GGUF path (default: \(ModelResolution.defaultModelID)); bench and ensemble take several.", .repeatable),
        OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file instead of --model."),
        RunsDatabase.option,
        OptionSpec("threads", valueName: "N", help: "Worker threads for a local model (default: the number of cores)."),
        OptionSpec("prompts", valueName: "DIR", help: "The Prompts directory (default: Prompts)."),
        OptionSpec("data", valueName: "DIR", help: "The tumor-board data directory (default: Benchmarks/tumorboard)."),
    ]
    static let flags = [FlagSpec("no-cache", help: "Ask the model even when the database holds the same call's answer.")]

    let kb: [String]
    let models: [String]
    let providerFile: String?
    let database: String?
    let threads: Int
    let resources: TumorBoardResources
    let noCache: Bool

    init(_ args: ParsedArguments) throws {
        kb = try args.strings("kb")
        models = try args.strings("model")
        providerFile = try args.optionalString("provider")
        database = try args.optionalString("db")
        threads = try WorkerThreads.count(args)
        resources = TumorBoardResources(promptsRoot: URL(fileURLWithPath: try args.optionalString("prompts") ?? "Prompts"),
                                        dataDirectory: URL(fileURLWithPath: try args.optionalString("data") ?? "Benchmarks/tumorboard"))
        noCache = try args.flag("no-cache")
        if !models.isEmpty, providerFile != nil { throw args.invalid("provider", "give either --model or --provider, not both") }
        if Set(models).count != models.count { throw args.invalid("model", "a model is given twice (use --runs for several runs of one model)") }
    }

    /// The first model as tables name it.
    var modelLabel: String { label(models.first) }

    /// A catalog id, or a GGUF file's name without ".gguf"; the provider file's name for --provider.
    func label(_ model: String?) -> String {
        guard let model else { return providerFile.map { ($0 as NSString).lastPathComponent } ?? ModelResolution.defaultModelID }
        let name = (model as NSString).lastPathComponent
        return name.hasSuffix(".gguf") ? String(name.dropLast(5)) : name
    }

    func session(_ context: CommandContext, knowledgeBase: KnowledgeBaseFiles, references: ReferenceLibrary, model: String? = nil) throws -> TumorBoardSession {
        try TumorBoardSession(model: try modelSource(context, model ?? models.first), databasePath: database ?? FlowLaunch.defaultDatabasePath(environment: context.environment),
                              environment: context.environment, resources: resources, knowledgeBase: knowledgeBase,
                              references: references, noCache: noCache, consiliumVersion: Consilium.version)
    }

    /// One loaded model per --model (or the default, or the --provider endpoint), for an ensemble.
    func ensembleModels(_ context: CommandContext, knowledgeBase: KnowledgeBaseFiles, references: ReferenceLibrary) throws -> [TumorBoardEnsemble.Model] {
        let names: [String?] = models.isEmpty ? [nil] : models
        return try names.map { name in
            TumorBoardEnsemble.Model(label: label(name), recommender: try session(context, knowledgeBase: knowledgeBase, references: references, model: name).recommender)
        }
    }

    private func modelSource(_ context: CommandContext, _ model: String?) throws -> FlowLaunch.Model {
        if let providerFile {
            guard let data = FileManager.default.contents(atPath: providerFile) else {
                throw CommandFailure("\(providerFile): cannot read the provider configuration")
            }
            do { return .config(try ProviderConfig(parsing: String(decoding: data, as: UTF8.self))) } catch {
                throw CommandFailure("\(providerFile): \(error)")
            }
        }
        let file = try ModelResolution.resolve(model ?? ModelResolution.defaultModelID, context: context)
        return .localFile(path: file.path, threads: threads, sha256: file.sha256.hex)
    }
}

/// `consilium tumorboard recommend`: grounded, verified treatment options for each case of a file.
struct TumorBoardRecommendCommand: Command {
    static let spec = CommandSpec(
        name: "recommend",
        abstract: "Treatment options for tumor-board cases, grounded in a knowledge base and verified against it.",
        discussion: """
            For each case: the knowledge-base rows matching its alterations are retrieved, the model is asked \
            for options with those rows in the prompt (Prompts/flows/tumor-board.json), and every option and \
            citation is checked against the knowledge base and the --references list. The report (Markdown and \
            JSON) marks what is backed and verified and what is not. Every step is recorded in the provenance \
            database. Decision support, not a decision.
            """,
        options: TumorBoardOptions.specs + [
            OptionSpec("references", valueName: "FILE", help: "PMIDs and NCT ids the board supplies, one per line."),
            OptionSpec("out", valueName: "DIR", help: "Write <case>.md and <case>.json here, and all options as option-rows.json (default: print the Markdown)."),
        ],
        flags: TumorBoardOptions.flags,
        positionals: [PositionalSpec("case", help: "A case file (consilium.tumorboard.cases JSON) or one case object.")])

    let casePath: String
    let options: TumorBoardOptions
    let references: String?
    let out: String?

    init(_ args: ParsedArguments) throws {
        casePath = try args.positional(0)
        options = try TumorBoardOptions(args)
        references = try args.optionalString("references")
        out = try args.optionalString("out")
        if options.kb.isEmpty { throw args.invalid("kb", "give at least one knowledge-base file") }
        if options.models.count > 1 { throw args.invalid("model", "recommend takes one model; 'tumorboard ensemble' combines several") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        // Case and knowledge base first: a malformed file stops the command before any model is loaded.
        let cases = try TumorBoardSession.readCases(path: casePath)
        let kb = try KnowledgeBaseFiles(paths: options.kb)
        let library = try references.map(ReferenceLibrary.read(path:)) ?? .empty
        let session = try options.session(context, knowledgeBase: kb, references: library)
        var done: [CaseRecommendation] = []
        for patient in cases {
            let (recommendation, report) = try await session.recommender.recommend(patient)
            done.append(recommendation)
            let s = recommendation.statistics
            context.stderr.writeLine("case \(patient.id): run \(recommendation.runID), \(s.calls) calls (\(s.cacheHits) from the cache)")
            if let out {
                try TumorBoardSession.write(report, caseID: patient.id, to: out)
                context.stdout.writeLine("wrote \(out)/\(patient.id).md and .json")
            } else {
                context.stdout.writeLine(report.markdown)
            }
        }
        if let out {
            try TumorBoardSession.writeOptionRows(done, source: options.modelLabel, to: out)
            context.stdout.writeLine("wrote \(out)/\(TumorBoardSession.optionRowsFile)")
        }
        return 0
    }
}
