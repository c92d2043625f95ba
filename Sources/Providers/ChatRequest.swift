import Support

/// One model call: the conversation, how to sample, and optionally the JSON Schema the answer must meet.
public struct ChatRequest: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable, Codable {
        case system, user, assistant
    }

    public struct Message: Sendable, Equatable {
        public var role: Role
        public var content: String

        public init(role: Role, content: String) {
            self.role = role
            self.content = content
        }

        public static func system(_ content: String) -> Message { Message(role: .system, content: content) }
        public static func user(_ content: String) -> Message { Message(role: .user, content: content) }
        public static func assistant(_ content: String) -> Message { Message(role: .assistant, content: content) }
    }

    public var messages: [Message]
    public var sampling: Sampling
    /// When set, the answer must be JSON valid against this schema. Remote providers pass it as their
    /// structured-output option; callers still validate the answer (servers differ in how strict they are).
    public var responseSchema: ResponseSchema?
    /// Seconds one attempt may take, headers to last byte; nil uses the provider's configured timeout.
    public var timeout: Double?
    /// When set, ask for this many most likely alternatives of each answer token with their log-probabilities
    /// (OpenAI `logprobs` and `top_logprobs`, 0-20; a server outside its range answers HTTP 400); the
    /// first token's arrive in `ChatResponse.firstTokenLogprobs`. Exam mode (b) on remote models reads them.
    public var topLogprobs: Int?

    public init(messages: [Message], sampling: Sampling = Sampling(), responseSchema: ResponseSchema? = nil,
                timeout: Double? = nil, topLogprobs: Int? = nil) {
        self.messages = messages
        self.sampling = sampling
        self.responseSchema = responseSchema
        self.timeout = timeout
        self.topLogprobs = topLogprobs
    }
}

/// Sampling settings. A nil field is left to the server's default (and recorded as such); the local
/// provider uses greedy decoding and a 256-token limit for nil fields.
public struct Sampling: Sendable, Equatable {
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var maxTokens: Int?
    public var seed: UInt64?
    public var stop: [String]

    public init(temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, maxTokens: Int? = nil,
                seed: UInt64? = nil, stop: [String] = []) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.maxTokens = maxTokens
        self.seed = seed
        self.stop = stop
    }

    /// Deterministic settings: temperature 0 and a fixed seed.
    public static func greedy(maxTokens: Int? = nil, seed: UInt64 = 0) -> Sampling {
        Sampling(temperature: 0, maxTokens: maxTokens, seed: seed)
    }
}

/// A named JSON Schema for a structured answer (providers require a name; OpenAI: `^[a-zA-Z0-9_-]{1,64}$`).
public struct ResponseSchema: Sendable, Equatable {
    public var name: String
    public var schema: JSONValue
    /// Ask the server to enforce the schema exactly (OpenAI `strict`); servers may reject schemas
    /// that use keywords strict mode does not support.
    public var strict: Bool

    public init(name: String, schema: JSONValue, strict: Bool = true) {
        self.name = name
        self.schema = schema
        self.strict = strict
    }
}

extension Sampling {
    /// A description of the first invalid field, or nil when all are valid or unset.
    public func validationError() -> String? {
        if let t = temperature, !(t >= 0 && t.isFinite) { return "temperature must be >= 0, found \(t)" }
        if let p = topP, !(p > 0 && p <= 1) { return "top_p must be in (0, 1], found \(p)" }
        if let k = topK, k < 0 { return "top_k must be >= 0, found \(k)" }
        if let n = maxTokens, n < 1 { return "max_tokens must be >= 1, found \(n)" }
        if stop.contains("") { return "a stop string must not be empty" }
        return nil
    }
}
