import Foundation
import Support

/// The chat-completions wire format (OpenAI, vLLM, llama.cpp server, Ollama, LM Studio).
struct OpenAIWire: WireFormat {
    let model: String

    // MARK: Request

    /// The request body. Unset sampling fields are omitted so the server's defaults apply.
    /// `top_k` is not part of OpenAI's own API (which rejects it) but vLLM, llama.cpp and Ollama accept it.
    func body(for request: ChatRequest, stream: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(request.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }),
            "stream": .bool(stream),
        ]
        if stream { body["stream_options"] = ["include_usage": true] }
        let s = request.sampling
        if let t = s.temperature { body["temperature"] = .number(t) }
        if let p = s.topP { body["top_p"] = .number(p) }
        if let k = s.topK { body["top_k"] = .number(Double(k)) }
        if let n = s.maxTokens { body["max_tokens"] = .number(Double(n)) }
        if let seed = s.seed { body["seed"] = .number(Double(seed)) }  // below 2^53: checked by the provider
        if !s.stop.isEmpty { body["stop"] = .array(s.stop.map { .string($0) }) }
        if let n = request.topLogprobs {
            body["logprobs"] = true
            body["top_logprobs"] = .number(Double(n))
        }
        if let schema = request.responseSchema {
            body["response_format"] = [
                "type": "json_schema",
                "json_schema": ["name": .string(schema.name), "schema": schema.schema, "strict": .bool(schema.strict)],
            ]
        }
        return .object(body)
    }

    // MARK: Whole reply

    func decode(_ reply: ReplyReader) throws -> WireReply {
        let choices = try reply.array(["choices"])
        guard !choices.isEmpty else { throw reply.fail(["choices"], "expected at least one choice, found none") }
        let content = try reply.optionalString(["choices", 0, "message", "content"]) ?? ""
        let refusal = try reply.optionalString(["choices", 0, "message", "refusal"])
        let finish = try reply.optionalString(["choices", 0, "finish_reason"])
        let usage = TokenUsage(promptTokens: try reply.optionalInt(["usage", "prompt_tokens"]),
                               completionTokens: try reply.optionalInt(["usage", "completion_tokens"]))
        var wire = try Self.assemble(text: content, refusal: refusal, finish: finish,
                                     model: try reply.optionalString(["model"]), usage: usage)
        wire.firstTokenLogprobs = try Self.firstTokenLogprobs(reply)
        return wire
    }

    /// `choices[0].logprobs.content[0].top_logprobs` (the first answer token's alternatives); nil when
    /// the reply has no log-probabilities, a `malformedReply` naming the path when they are mistyped.
    static func firstTokenLogprobs(_ reply: ReplyReader) throws -> [TokenLogprob]? {
        let path: JSONPath = ["choices", 0, "logprobs", "content", 0, "top_logprobs"]
        guard reply.optional(path) != nil else { return nil }
        return try reply.array(path).indices.map { i in
            let entry = path.appending(.index(i))
            let logprob = path.appending(.index(i)).appending("logprob")
            guard let value = reply.optional(logprob)?.numberValue, value <= 0 else {
                throw reply.fail(logprob, "expected a number <= 0")
            }
            return TokenLogprob(token: try reply.string(entry.appending("token")), logprob: value)
        }
    }

    static func assemble(text: String, refusal: String?, finish: String?, model: String?, usage: TokenUsage) throws -> WireReply {
        if let refusal, !refusal.isEmpty, text.isEmpty { throw ProviderError.refusal(refusal) }
        let reason = finishReason(finish)
        if reason == .contentFilter && text.isEmpty { throw ProviderError.refusal("content filtered (finish_reason content_filter)") }
        guard !text.isEmpty else { throw ProviderError.emptyReply }
        return WireReply(text: text, reportedModel: model, finishReason: reason, usage: usage)
    }

    static func finishReason(_ raw: String?) -> FinishReason {
        switch raw {
        case "stop", nil: return .stop
        case "length": return .length
        case "content_filter": return .contentFilter
        case "tool_calls", "function_call": return .toolUse
        case let other?: return .other(other)
        }
    }

    // MARK: Streamed reply

    func makeStreamDecoder() -> OpenAIStreamDecoder { OpenAIStreamDecoder() }
}

/// Follows `data:` chunks up to `data: [DONE]`; usage comes in the last chunk before it
/// (`stream_options.include_usage`), with an empty `choices` array.
struct OpenAIStreamDecoder: StreamDecoder {
    private var text = ""
    private var refusal = ""
    private var finishRaw: String?
    private var model: String?
    private var usage = TokenUsage()
    private var firstTokenLogprobs: [TokenLogprob]?
    private(set) var isComplete = false
    let endMarker = "data: [DONE]"

    mutating func consume(_ event: SSEEvent, index: Int) throws -> String? {
        if event.data == "[DONE]" {
            isComplete = true
            return nil
        }
        let chunk = try ReplyReader(event: event, index: index)
        if let error = chunk.optional(["error"]) {
            throw ProviderError.serverError(error["message"]?.stringValue ?? error.canonicalText)
        }
        if let name = try chunk.optionalString(["model"]) { model = name }
        if chunk.optional(["usage"]) != nil {
            usage = TokenUsage(promptTokens: try chunk.optionalInt(["usage", "prompt_tokens"]),
                               completionTokens: try chunk.optionalInt(["usage", "completion_tokens"]))
        }
        guard let choices = chunk.optional(["choices"]), !(choices.arrayValue?.isEmpty ?? true) else { return nil }
        if let reason = try chunk.optionalString(["choices", 0, "finish_reason"]) { finishRaw = reason }
        if let piece = try chunk.optionalString(["choices", 0, "delta", "refusal"]) { refusal += piece }
        // The first chunk that carries log-probabilities holds the first answer token's.
        if firstTokenLogprobs == nil { firstTokenLogprobs = try OpenAIWire.firstTokenLogprobs(chunk) }
        let piece = try chunk.optionalString(["choices", 0, "delta", "content"])
        if let piece { text += piece }
        return piece
    }

    func finish() throws -> WireReply {
        var wire = try OpenAIWire.assemble(text: text, refusal: refusal.isEmpty ? nil : refusal, finish: finishRaw,
                                           model: model, usage: usage)
        wire.firstTokenLogprobs = firstTokenLogprobs
        return wire
    }
}
