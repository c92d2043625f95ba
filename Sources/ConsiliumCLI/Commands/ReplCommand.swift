import FlowRunner
import Foundation
import Providers

/// `consilium repl`: chat with a model interactively, every call recorded in the provenance store.
struct ReplCommand: Command {
    static let spec = CommandSpec(
        name: "repl",
        abstract: "Explore a model interactively: streamed answers, slash commands, every call recorded.",
        discussion: """
            Each line is a message to the model; its answer streams to the screen, followed by a status \
            line. Lines starting with "/" are commands (/help lists them: /model, /set, /schema, /retry, \
            /save, ...). The prompt edits with the arrow keys, recalls earlier lines with Up and Down and \
            completes commands with Tab. The session is one run in the provenance database; its id is \
            printed at the start, and 'consilium runs show RUN' shows the calls afterwards. Ctrl-C stops \
            an answer; Ctrl-D or /quit leaves. When standard input is not a terminal, its lines are run as \
            a script without prompts or colours (exit status 1 if a line failed). Outputs are decision \
            support, not decisions.
            """,
        options: [
            OptionSpec("model", short: "m", valueName: "MODEL",
                       help: "A catalog id or a GGUF file path (default: \(ModelResolution.defaultModelID))."),
            OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file instead of --model."),
            RunsDatabase.option,
            OptionSpec("threads", valueName: "N", help: "Worker threads for a local model (default: the number of cores)."),
            OptionSpec("system", short: "s", valueName: "TEXT", help: "A system message before the conversation."),
        ])

    let model: ReplModelChoice
    let database: String?
    let threads: Int
    let system: String?

    init(_ args: ParsedArguments) throws {
        let local = try args.optionalString("model")
        let provider = try args.optionalString("provider")
        if local != nil, provider != nil { throw args.invalid("provider", "give either --model or --provider, not both") }
        model = provider.map { .providerFile($0) } ?? .local(local ?? ModelResolution.defaultModelID)
        database = try args.optionalString("db")
        threads = try WorkerThreads.count(args)
        system = try args.optionalString("system")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let loader = ReplModelLoader(threads: threads, context: context)
        let model = try loader.load(self.model)
        let recorder = try ReplRecorder(databasePath: database ?? FlowLaunch.defaultDatabasePath(environment: context.environment),
                                        model: model, system: system, consiliumVersion: Consilium.version)
        let session = ReplSession(model: model, system: system, sampling: Sampling(), recorder: recorder)
        let mode = TerminalInput.mode(environment: context.environment)
        let style = mode == .editor ? ReplStyle.forTerminal(environment: context.environment) : .plain
        return await ReplLoop(session: session, input: try TerminalInput(mode: mode), output: context.stdout, notes: context.stderr,
                              style: style, interactive: mode != .script, loader: loader).run()
    }
}
