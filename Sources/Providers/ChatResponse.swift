/// A model's answer with what provenance needs: who answered, how the call ended, what it cost.
public struct ChatResponse: Sendable, Equatable {
    /// The whole answer. For a structured request to Anthropic this is the forced tool call's input
    /// as canonical JSON (see `AnthropicProvider`).
    public var text: String
    /// The model name the server reported (remote), or the loaded file's name (local); nil if absent.
    public var reportedModel: String?
    public var finishReason: FinishReason
    public var usage: TokenUsage
    /// Seconds from the first attempt's start to the answer, retries and back-off included,
    /// waiting for a concurrency slot excluded.
    public var latency: Double
    /// Seconds from the successful attempt's start to its first streamed text; nil when not streamed.
    public var timeToFirstToken: Double?
    /// Attempts made, the successful one included (1 when nothing was retried).
    public var attempts: Int
    /// Why each earlier attempt failed, in order (attempts - 1 entries).
    public var failedAttempts: [ProviderError]
    public var identity: ProviderIdentity
    /// Requested settings the provider could not honour (e.g. "seed" for Anthropic), so a record
    /// never claims a setting took effect when it did not.
    public var ignoredSettings: [String]
    /// The successful attempt's reply as received (JSON body, or the SSE text when streamed), so an
    /// answer can be re-parsed later without calling the model again. Empty for the local provider.
    public var rawReply: String
    /// The answer's first token's most likely alternatives as the server reported them, most likely first,
    /// when `ChatRequest.topLogprobs` asked and the server answered; nil otherwise.
    public var firstTokenLogprobs: [TokenLogprob]?

    public init(text: String, reportedModel: String?, finishReason: FinishReason, usage: TokenUsage,
                latency: Double, timeToFirstToken: Double? = nil, attempts: Int, failedAttempts: [ProviderError] = [],
                identity: ProviderIdentity,
                ignoredSettings: [String] = [], rawReply: String = "", firstTokenLogprobs: [TokenLogprob]? = nil) {
        self.text = text
        self.reportedModel = reportedModel
        self.finishReason = finishReason
        self.usage = usage
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
        self.attempts = attempts
        self.failedAttempts = failedAttempts
        self.identity = identity
        self.ignoredSettings = ignoredSettings
        self.rawReply = rawReply
        self.firstTokenLogprobs = firstTokenLogprobs
    }
}

/// One alternative for a generated token: its text and natural-log probability, as a server reports it.
public struct TokenLogprob: Sendable, Equatable {
    public var token: String
    public var logprob: Double

    public init(token: String, logprob: Double) {
        self.token = token
        self.logprob = logprob
    }
}

/// Why the model stopped, mapped from each provider's own vocabulary (kept in `other` when unknown).
public enum FinishReason: Sendable, Equatable, CustomStringConvertible {
    /// Natural end of the answer or a stop sequence.
    case stop
    /// The token limit (or the local context) was reached: the answer may be cut short.
    case length
    /// The server filtered the content.
    case contentFilter
    /// The model answered with a tool call (Anthropic structured answers end this way).
    case toolUse
    case other(String)

    public var description: String {
        switch self {
        case .stop: return "stop"
        case .length: return "length"
        case .contentFilter: return "content_filter"
        case .toolUse: return "tool_use"
        case .other(let raw): return raw
        }
    }
}

/// Token counts as the provider reported them; nil when it reported none.
public struct TokenUsage: Sendable, Equatable {
    public var promptTokens: Int?
    public var completionTokens: Int?

    public init(promptTokens: Int? = nil, completionTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    public var totalTokens: Int? {
        guard let p = promptTokens, let c = completionTokens else { return nil }
        return p + c
    }
}

/// Who answered a call, for provenance. Never holds credentials: the base URL has its user info,
/// query and fragment removed.
public struct ProviderIdentity: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case local, openai, anthropic
    }

    public var kind: Kind
    /// The server's base URL without credentials; nil for local models.
    public var baseURL: String?
    /// The model requested (remote) or the GGUF file's name without extension (local).
    public var model: String
    /// Local models: the GGUF file's base name.
    public var modelFile: String?
    /// Local models: the GGUF file's sha256, filled in by the caller (the model catalog hashes files once).
    public var modelSHA256: String?

    public init(kind: Kind, baseURL: String?, model: String, modelFile: String? = nil, modelSHA256: String? = nil) {
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.modelFile = modelFile
        self.modelSHA256 = modelSHA256
    }

    public var description: String {
        var text = "\(kind.rawValue) \(model)"
        if let baseURL { text += " at \(baseURL)" }
        if let modelFile, model != modelFile { text += " (\(modelFile))" }
        return text
    }
}
