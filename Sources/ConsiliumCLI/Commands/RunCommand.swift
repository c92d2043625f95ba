import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// `consilium run`: runs a flow (or finishes an interrupted run) and records it in the provenance store.
struct RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run a flow, recording every model call in the provenance database.",
        discussion: """
            The flow, its templates and schemas are checked before any model is loaded or called. \
            An --input value is read as JSON when it parses as JSON, else as text; --input overrides \
            --inputs. Answers already in the database for the same call are reused unless --no-cache. \
            A run that was killed is finished with --resume RUN_ID, without repeating its calls. \
            Outputs are decision support, not decisions.
            """,
        options: [
            OptionSpec("input", short: "i", valueName: "NAME=VALUE", help: "One flow input (repeatable).", .repeatable),
            OptionSpec("inputs", valueName: "FILE", help: "A JSON object of flow inputs."),
            OptionSpec("model", short: "m", valueName: "MODEL",
                       help: "A local catalog id or GGUF path (default: \(ModelResolution.defaultModelID))."),
            OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file instead of --model."),
            RunsDatabase.option,
            OptionSpec("resume", valueName: "RUN_ID", help: "Finish this interrupted run instead of starting one."),
            OptionSpec("threads", valueName: "N", help: "Worker threads for a local model (default: the number of cores)."),
        ],
        flags: [
            FlagSpec("no-cache", help: "Ask the model even when the database holds the same call's answer."),
            FlagSpec("json", help: "Print one JSON object: run id, outputs, failed items, call counts."),
        ],
        positionals: [PositionalSpec("flow", help: "The flow file (JSON), e.g. Prompts/flows/example.json.")])

    let flow: String
    let assignments: [String]
    let inputsFile: String?
    let model: String?
    let providerFile: String?
    let database: String?
    let resume: String?
    let threads: Int
    let noCache: Bool
    let json: Bool

    init(_ args: ParsedArguments) throws {
        flow = try args.positional(0)
        assignments = try args.strings("input")
        inputsFile = try args.optionalString("inputs")
        model = try args.optionalString("model")
        providerFile = try args.optionalString("provider")
        database = try args.optionalString("db")
        resume = try args.optionalString("resume")
        threads = try WorkerThreads.count(args)
        noCache = try args.flag("no-cache")
        json = try args.flag("json")
        if model != nil, providerFile != nil { throw args.invalid("provider", "give either --model or --provider, not both") }
        if resume != nil, !assignments.isEmpty { throw args.invalid("input", "a resumed run keeps its own inputs") }
        if resume != nil, inputsFile != nil { throw args.invalid("inputs", "a resumed run keeps its own inputs") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let launch = FlowLaunch(
            flowFile: URL(fileURLWithPath: flow), inputs: try RunInputs.parse(assignments: assignments, file: inputsFile),
            model: try modelSource(context), databasePath: database ?? FlowLaunch.defaultDatabasePath(environment: context.environment),
            noCache: noCache, resume: resume.map(RunID.init), consiliumVersion: Consilium.version, environment: context.environment)
        let result = try await launch.start { id in
            context.stderr.writeLine(resume == nil ? "run \(id) (if interrupted, finish it with --resume \(id))" : "resuming run \(id)")
        }
        if json {
            context.stdout.writeLine(RunReport.json(result).prettyText)
            return 0
        }
        context.stdout.writeLine(RunReport.headline(result))
        for failure in result.failures { context.stdout.writeLine("failed: \(failure)") }
        context.stdout.writeLine(result.outputsJSON.prettyText)
        context.stdout.writeLine(RunReport.notice)
        return 0
    }

    private func modelSource(_ context: CommandContext) throws -> FlowLaunch.Model {
        if let providerFile {
            guard let data = FileManager.default.contents(atPath: providerFile) else {
                throw CommandFailure("\(providerFile): cannot read the provider configuration")
            }
            do {
                return .config(try ProviderConfig(parsing: String(decoding: data, as: UTF8.self)))
            } catch {
                throw CommandFailure("\(providerFile): \(error)")
            }
        }
        let file = try ModelResolution.resolve(model ?? ModelResolution.defaultModelID, context: context)
        return .localFile(path: file.path, threads: threads, sha256: file.sha256.hex)
    }
}
