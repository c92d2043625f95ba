import Foundation
import Support

/// Anthropic's Messages API wire format.
///
/// Structured answers are requested by forcing a tool call: the schema becomes the `input_schema`
/// of one tool named after it, `tool_choice` forces that tool, and the answer is the tool call's
/// `input`, returned as canonical JSON text. Tool inputs are schema-shaped by the API, which a plain
/// "answer in JSON" instruction is not. Tool inputs must be objects, so a schema whose root is not an
/// object is wrapped as `{"value": <schema>}` and the answer unwrapped again.
struct AnthropicWire: WireFormat {
    let model: String
    /// Sent when a request sets no `maxTokens` (the API requires the field).
    let defaultMaxTokens: Int

    // MARK: Request

    func body(for request: ChatRequest, stream: Bool) -> JSONValue {
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        let turns = request.messages.filter { $0.role != .system }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(turns.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }),
            "max_tokens": .number(Double(request.sampling.maxTokens ?? defaultMaxTokens)),
            "stream": .bool(stream),
        ]
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        let s = request.sampling
        if let t = s.temperature { body["temperature"] = .number(t) }
        if let p = s.topP { body["top_p"] = .number(p) }
        if let k = s.topK { body["top_k"] = .number(Double(k)) }
        if !s.stop.isEmpty { body["stop_sequences"] = .array(s.stop.map { .string($0) }) }
        if let schema = request.responseSchema {
            body["tools"] = [[
                "name": .string(schema.name),
                "description": "Record the answer. Its input must follow the schema exactly.",
                "input_schema": Self.toolSchema(schema.schema),
            ]]
            body["tool_choice"] = ["type": "tool", "name": .string(schema.name)]
        }
        return .object(body)
    }

    /// Settings the Messages API has no field for.
    static func ignoredSettings(_ request: ChatRequest) -> [String] {
        (request.sampling.seed == nil ? [] : ["seed"]) + (request.topLogprobs == nil ? [] : ["top_logprobs"])
    }

    static func wrapsRoot(_ schema: JSONValue) -> Bool { schema["type"]?.stringValue != "object" }

    static func toolSchema(_ schema: JSONValue) -> JSONValue {
        guard wrapsRoot(schema) else { return schema }
        return ["type": "object", "properties": ["value": schema], "required": ["value"]]
    }

    /// The answer text of a tool input: canonical JSON, unwrapped when the schema was wrapped.
    static func answer(fromToolInput input: JSONValue, schema: ResponseSchema, reply: ReplyReader,
                       at path: JSONPath) throws -> String {
        guard input.objectValue != nil else { throw reply.fail(path, "expected the tool input object, found \(input.typeName)") }
        guard wrapsRoot(schema.schema) else { return input.canonicalText }
        guard let value = input["value"] else { throw reply.fail(path.appending("value"), "expected the wrapped answer, found nothing") }
        return value.canonicalText
    }

    // MARK: Whole reply

    /// The schema of the request being decoded (nil for plain text answers).
    var schema: ResponseSchema?

    func decode(_ reply: ReplyReader) throws -> WireReply {
        let blocks = try reply.array(["content"])
        let stop = try reply.optionalString(["stop_reason"])
        var text = ""
        for (i, block) in blocks.enumerated() {
            let path: JSONPath = ["content", .index(i)]
            let type = try reply.string(path.appending("type"))
            if let schema {
                guard type == "tool_use", block["name"]?.stringValue == schema.name else { continue }
                guard let input = block["input"] else { throw reply.fail(path.appending("input"), "expected the tool input, found nothing") }
                text = try Self.answer(fromToolInput: input, schema: schema, reply: reply, at: path.appending("input"))
            } else if type == "text" {
                text += try reply.string(path.appending("text"))
            }
        }
        let usage = TokenUsage(promptTokens: try reply.optionalInt(["usage", "input_tokens"]),
                               completionTokens: try reply.optionalInt(["usage", "output_tokens"]))
        return try Self.assemble(text: text, stop: stop, model: try reply.optionalString(["model"]), usage: usage)
    }

    static func assemble(text: String, stop: String?, model: String?, usage: TokenUsage) throws -> WireReply {
        if stop == "refusal" { throw ProviderError.refusal(text.isEmpty ? "stop_reason refusal" : text) }
        guard !text.isEmpty else { throw ProviderError.emptyReply }
        return WireReply(text: text, reportedModel: model, finishReason: finishReason(stop), usage: usage)
    }

    static func finishReason(_ raw: String?) -> FinishReason {
        switch raw {
        case "end_turn", "stop_sequence", nil: return .stop
        case "max_tokens": return .length
        case "tool_use": return .toolUse
        case let other?: return .other(other)
        }
    }

    // MARK: Streamed reply

    func makeStreamDecoder() -> AnthropicStreamDecoder { AnthropicStreamDecoder(schema: schema) }
}

/// Follows the Messages stream: message_start (model, input tokens), content_block_start/delta/stop
/// (text_delta or input_json_delta), message_delta (stop reason, output tokens), message_stop.
struct AnthropicStreamDecoder: StreamDecoder {
    let schema: ResponseSchema?
    private var text = ""
    /// The forced tool call's input as streamed JSON fragments, by content block index.
    private var toolJSON: [Int: String] = [:]
    private var stop: String?
    private var model: String?
    private var usage = TokenUsage()
    private(set) var isComplete = false
    let endMarker = "event: message_stop"

    init(schema: ResponseSchema?) { self.schema = schema }

    mutating func consume(_ event: SSEEvent, index: Int) throws -> String? {
        let reader = try ReplyReader(event: event, index: index)
        let type = try event.name ?? reader.string(["type"])
        switch type {
        case "message_start":
            model = try reader.optionalString(["message", "model"])
            usage.promptTokens = try reader.optionalInt(["message", "usage", "input_tokens"])
            usage.completionTokens = try reader.optionalInt(["message", "usage", "output_tokens"])
        case "content_block_start":
            let block = try reader.optionalInt(["index"]) ?? 0
            if try reader.optionalString(["content_block", "type"]) == "tool_use",
               try reader.optionalString(["content_block", "name"]) == schema?.name {
                toolJSON[block] = ""
            }
        case "content_block_delta":
            let block = try reader.optionalInt(["index"]) ?? 0
            switch try reader.string(["delta", "type"]) {
            case "text_delta":
                let piece = try reader.string(["delta", "text"])
                guard schema == nil else { return nil }
                text += piece
                return piece
            case "input_json_delta":
                guard toolJSON[block] != nil else { return nil }
                let piece = try reader.string(["delta", "partial_json"])
                toolJSON[block, default: ""] += piece
                return piece
            default:
                return nil  // thinking and signature deltas carry no answer text
            }
        case "message_delta":
            if let reason = try reader.optionalString(["delta", "stop_reason"]) { stop = reason }
            if let output = try reader.optionalInt(["usage", "output_tokens"]) { usage.completionTokens = output }
            if let input = try reader.optionalInt(["usage", "input_tokens"]) { usage.promptTokens = input }
        case "message_stop":
            isComplete = true
        case "error":
            let kind = try reader.optionalString(["error", "type"]) ?? "error"
            let message = try reader.optionalString(["error", "message"]) ?? ""
            throw ProviderError.serverError("\(kind): \(message)")
        default:
            break  // ping, content_block_stop and event types added later
        }
        return nil
    }

    func finish() throws -> WireReply {
        var answer = text
        if let schema {
            guard let (block, raw) = toolJSON.min(by: { $0.key < $1.key }) else {
                return try AnthropicWire.assemble(text: "", stop: stop, model: model, usage: usage)
            }
            let reader = ReplyReader(.null, raw: raw, context: "tool input of content block \(block)")
            let input: JSONValue
            do {
                input = try JSONValue(parsing: raw)
            } catch let error as JSONParseError {
                throw reader.fail(.root, "the streamed tool input is not JSON: \(error)")
            }
            answer = try AnthropicWire.answer(fromToolInput: input, schema: schema, reply: reader, at: .root)
        }
        return try AnthropicWire.assemble(text: answer, stop: stop, model: model, usage: usage)
    }
}
