import Catalog
import Foundation
import Inference
import Support

/// `consilium generate`: text from a local model, streamed, or one JSON object with `--json`.
struct GenerateCommand: Command {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Generate text with a local GGUF model.",
        discussion: """
            The prompt is sent as a user message through the model's chat template, unless --raw asks \
            for a plain completion. With no PROMPT and no --messages, the prompt is read from standard \
            input. Decoding is greedy unless --temperature is above 0; a seed makes sampled runs \
            reproducible. Outputs are decision support, not decisions.
            """,
        options: [
            OptionSpec("model", short: "m", valueName: "MODEL",
                       help: "A catalog id (see 'consilium models list') or a GGUF file path.",
                       .defaulted(ModelResolution.defaultModelID)),
            OptionSpec("system", short: "s", valueName: "TEXT", help: "A system message before the prompt."),
            OptionSpec("messages", valueName: "FILE",
                       help: "A JSON array of {\"role\", \"content\"} messages instead of PROMPT ('-' for stdin)."),
            OptionSpec("schema", valueName: "FILE",
                       help: "Constrain the output to JSON that this JSON Schema accepts (decoding follows its grammar)."),
            OptionSpec("threads", valueName: "N", help: "Worker threads (default: the number of cores)."),
            OptionSpec("context", valueName: "N", help: "Context length in tokens (default: min(trained, 4096))."),
        ] + SamplingOptions.options,
        flags: [
            FlagSpec("raw", help: "Continue the prompt as plain text, without the chat template."),
            FlagSpec("json", help: "Print one JSON object: text, token ids, timings and the model's identity."),
            FlagSpec("stats", help: "Print prompt and generation speed to standard error."),
        ],
        positionals: [PositionalSpec("prompt", help: "The prompt text.", .optional)])

    let model: String
    let input: PromptInput
    let raw: Bool
    let json: Bool
    let stats: Bool
    let threads: Int
    let contextLength: Int?
    let sampling: SamplingParameters
    let schemaFile: String?

    enum PromptInput {
        case text(String?, system: String?)
        case messagesFile(String)
    }

    init(_ args: ParsedArguments) throws {
        model = try args.string("model")
        raw = try args.flag("raw")
        json = try args.flag("json")
        stats = try args.flag("stats")
        threads = try WorkerThreads.count(args)
        contextLength = try args.optionalInt("context", in: 16...1_048_576)
        sampling = try SamplingOptions.parameters(args)
        schemaFile = try args.optionalString("schema")
        let prompt = try args.optionalPositional(0)
        let system = try args.optionalString("system")
        if let file = try args.optionalString("messages") {
            if prompt != nil { throw args.invalid("messages", "give either PROMPT or --messages, not both") }
            if system != nil { throw args.invalid("system", "put the system message in the --messages file") }
            if raw { throw args.invalid("raw", "--raw takes a PROMPT, not --messages") }
            input = .messagesFile(file)
        } else {
            if raw, system != nil { throw args.invalid("system", "--raw prompts have no system message") }
            input = .text(prompt, system: system)
        }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let grammar = try schemaFile.map(Self.loadGrammar)
        let resolved = try ModelResolution.resolve(model, context: context)
        let local = try LocalModel(path: resolved.path)
        let prompt = try makePrompt()
        let rendered = try local.render(prompt)
        let generator = local.makeGenerator(threads: threads, contextLength: contextLength)
        let constraint = grammar.map { JSONSchemaConstraint(grammar: $0, tokens: TokenByteTable(tokenizer: local.tokenizer)) }
        let result = try generator.generate(prompt: rendered.tokens, parameters: sampling, constraint: constraint) { piece in
            if !json { context.stdout.write(piece) }
            return true
        }
        if json {
            context.stdout.writeLine(GenerationReport(model: resolved, local: local, prompt: rendered,
                                                      parameters: sampling, threads: threads,
                                                      result: result).json.prettyText)
        } else {
            context.stdout.writeLine()
        }
        if stats {
            let t = result.timings
            context.stderr.writeLine(String(
                format: "prompt: %d tokens (%d evaluated) in %.3f s, %.1f tokens/s; generated: %d tokens in %.3f s, %.1f tokens/s; stop: %@",
                t.promptTokens, t.promptTokensEvaluated, t.promptSeconds, t.promptTokensPerSecond,
                t.generatedTokens, t.generationSeconds, t.generationTokensPerSecond, result.stopReason.rawValue))
        }
        return 0
    }

    private func makePrompt() throws -> GenerationPrompt {
        switch input {
        case .messagesFile(let path):
            return .chat(try ChatMessagesFile.read(path))
        case .text(let given, let system):
            let text = try given ?? Self.readStandardInput()
            if raw { return .raw(text) }
            var messages: [ChatMessage] = []
            if let system { messages.append(ChatMessage(role: "system", content: system)) }
            messages.append(ChatMessage(role: "user", content: text))
            return .chat(messages)
        }
    }

    static func loadGrammar(_ path: String) throws -> JSONSchemaGrammar {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read the schema file")
        }
        do {
            return try JSONSchemaGrammar(schema: try JSONValue(parsing: data))
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }

    static func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("standard input is not UTF-8 text")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandFailure("no prompt: give PROMPT, --messages FILE, or text on standard input")
        }
        return text
    }
}

/// A failure the user can act on, printed as `error: <message>`.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
