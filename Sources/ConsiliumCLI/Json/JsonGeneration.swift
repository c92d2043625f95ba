import Foundation
import Inference
import Support

/// The `generate` op: the same generation as `consilium generate --json`, its result the same
/// object (text, token ids, timings, the model's identity). Sampling fields and their defaults are
/// the command's (greedy unless `temperature` is above 0).
enum JsonGeneration {
    static let roles: Set<String> = ["system", "user", "assistant"]

    static func generate(_ fields: JsonFields, session: JsonSession) async throws -> JSONValue {
        let modelName = try fields.optionalString("model") ?? ModelResolution.defaultModelID
        let raw = try fields.optionalBool("raw") ?? false
        let prompt = try makePrompt(fields, raw: raw)
        let sampling = try parameters(fields)
        let threads = try fields.optionalInt("threads", in: 1...512) ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let contextLength = try fields.optionalInt("context", in: 16...1_048_576)
        let grammar = try fields.value("schema").map { schema in
            do { return try JSONSchemaGrammar(schema: schema) } catch {
                throw JsonFailure(.invalidRequest, "not a usable JSON Schema: \(error)", path: fields.at("schema"))
            }
        }
        try fields.finish()

        let file = try ModelResolution.resolve(modelName, context: session.context)
        let local: LocalModel
        if let loaded = session.loadedModels[file.path] {
            local = loaded
        } else {
            do { local = try LocalModel(path: file.path) } catch {
                throw JsonFailure(.modelNotFound, "\(file.path): cannot load the model: \(error)", path: fields.at("model"))
            }
            session.loadedModels[file.path] = local
        }
        let rendered: (text: String, tokens: [Int32])
        do { rendered = try local.render(prompt) } catch let error as LocalModelError {
            throw JsonFailure(.invalidRequest, "\(error); set \"raw\": true for a plain completion", path: fields.at("raw"))
        }
        let generator = local.makeGenerator(threads: threads, contextLength: contextLength)
        let constraint = grammar.map { JSONSchemaConstraint(grammar: $0, tokens: TokenByteTable(tokenizer: local.tokenizer)) }
        let result = try generator.generate(prompt: rendered.tokens, parameters: sampling, constraint: constraint) { _ in true }
        return GenerationReport(model: file, local: local, prompt: rendered, parameters: sampling, threads: threads,
                                result: result).json
    }

    // MARK: Fields

    /// `prompt` (with an optional `system`) or `messages`; `raw` continues `prompt` as plain text.
    private static func makePrompt(_ fields: JsonFields, raw: Bool) throws -> GenerationPrompt {
        let prompt = try fields.optionalString("prompt")
        let system = try fields.optionalString("system")
        if let messages = fields.value("messages") {
            if prompt != nil { throw JsonFailure(.invalidRequest, "give either prompt or messages, not both", path: fields.at("prompt")) }
            if system != nil { throw JsonFailure(.invalidRequest, "put the system message in messages", path: fields.at("system")) }
            if raw { throw JsonFailure(.invalidRequest, "raw takes a prompt, not messages", path: fields.at("raw")) }
            return .chat(try chatMessages(messages, path: fields.at("messages")))
        }
        guard let prompt else { throw JsonFailure(.invalidRequest, "missing required field \"prompt\" (or \"messages\")", path: fields.at("prompt")) }
        if raw {
            if system != nil { throw JsonFailure(.invalidRequest, "raw prompts have no system message", path: fields.at("system")) }
            return .raw(prompt)
        }
        return .chat((system.map { [ChatMessage(role: "system", content: $0)] } ?? []) + [ChatMessage(role: "user", content: prompt)])
    }

    private static func chatMessages(_ value: JSONValue, path: String) throws -> [ChatMessage] {
        guard let items = value.arrayValue, !items.isEmpty else {
            throw JsonFailure(.invalidRequest, "expected a non-empty array of {\"role\", \"content\"} messages", path: path)
        }
        return try items.enumerated().map { index, item in
            let message = try JsonFields(item, path: "\(path)[\(index)]")
            let role = try message.string("role")
            guard roles.contains(role) else {
                throw JsonFailure(.invalidRequest, "expected one of \(roles.sorted().joined(separator: ", "))", path: message.at("role"))
            }
            let content = try message.string("content")
            try message.finish()
            return ChatMessage(role: role, content: content)
        }
    }

    /// The sampling fields, named as the command's options with `_` for `-`, with the same bounds.
    private static func parameters(_ fields: JsonFields) throws -> SamplingParameters {
        var p = SamplingParameters()
        p.maxTokens = try fields.optionalInt("max_tokens", in: 0...1_000_000) ?? 256
        p.temperature = Float(try fields.optionalDouble("temperature", in: 0...100) ?? 0)
        p.topK = try fields.optionalInt("top_k", in: 0...1_000_000) ?? 40
        p.topP = Float(try fields.optionalDouble("top_p", in: 0.000_001...1) ?? 0.95)
        p.minP = Float(try fields.optionalDouble("min_p", in: 0...0.999_999) ?? 0.05)
        p.repetitionPenalty = Float(try fields.optionalDouble("repeat_penalty", in: 0.01...100) ?? 1)
        p.frequencyPenalty = Float(try fields.optionalDouble("frequency_penalty", in: -100...100) ?? 0)
        p.presencePenalty = Float(try fields.optionalDouble("presence_penalty", in: -100...100) ?? 0)
        // A seed above 2^53 does not survive a JSON number, so it may also be given as a string.
        if let seed = fields.value("seed") {
            guard let value = seed.intValue.flatMap({ $0 >= 0 ? UInt64($0) : nil }) ?? seed.stringValue.flatMap({ UInt64($0) }) else {
                throw JsonFailure(.invalidRequest, "expected a whole number from 0 to 2^64-1 (a string above 2^53)", path: fields.at("seed"))
            }
            p.seed = value
        }
        p.stop = try fields.optionalStrings("stop") ?? []
        if p.stop.contains("") { throw JsonFailure(.invalidRequest, "a stop string must not be empty", path: fields.at("stop")) }
        return p
    }
}
