import Support

/// What came of one model call. Every case keeps whatever the model did return, so an answer
/// can be re-parsed later without calling the model again.
public enum CallOutcome: Hashable, Sendable {
    /// The reply parsed and satisfied the step's schema.
    case valid(raw: String, parsed: JSONValue)
    /// The step asked for free text (no schema).
    case text(raw: String)
    /// The reply parsed as JSON but broke the schema.
    case invalid(raw: String, parsed: JSONValue, reason: String)
    /// The reply was not JSON at all.
    case unparseable(raw: String, reason: String)
    /// No usable reply: transport, HTTP or model error. `raw` holds any partial output.
    case failed(error: String, raw: String?)

    /// Successful answers are what the cache serves.
    public var isSuccess: Bool {
        switch self {
        case .valid, .text: return true
        case .invalid, .unparseable, .failed: return false
        }
    }

    public var raw: String? {
        switch self {
        case .valid(let raw, _), .text(let raw), .invalid(let raw, _, _), .unparseable(let raw, _): return raw
        case .failed(_, let raw): return raw
        }
    }

    /// The stored `outcome` column: valid, text, invalid, unparseable, failed.
    public var name: String {
        switch self {
        case .valid: return "valid"
        case .text: return "text"
        case .invalid: return "invalid"
        case .unparseable: return "unparseable"
        case .failed: return "failed"
        }
    }

    public var parsed: JSONValue? {
        switch self {
        case .valid(_, let parsed), .invalid(_, let parsed, _): return parsed
        default: return nil
        }
    }

    /// The schema or parse complaint (invalid, unparseable).
    public var validationError: String? {
        switch self {
        case .invalid(_, _, let reason), .unparseable(_, let reason): return reason
        default: return nil
        }
    }

    public var error: String? {
        if case .failed(let error, _) = self { return error }
        return nil
    }

    /// Rebuilds an outcome from its stored columns; nil if they do not fit together.
    init?(name: String, raw: String?, parsed: JSONValue?, validationError: String?, error: String?) {
        switch (name, raw, parsed, validationError, error) {
        case ("valid", let raw?, let parsed?, _, _): self = .valid(raw: raw, parsed: parsed)
        case ("text", let raw?, _, _, _): self = .text(raw: raw)
        case ("invalid", let raw?, let parsed?, let reason?, _): self = .invalid(raw: raw, parsed: parsed, reason: reason)
        case ("unparseable", let raw?, _, let reason?, _): self = .unparseable(raw: raw, reason: reason)
        case ("failed", _, _, _, let error?): self = .failed(error: error, raw: raw)
        default: return nil
        }
    }
}

/// What a provider reports about a finished call, with its outcome.
public struct CallResult: Hashable, Sendable {
    public let outcome: CallOutcome
    /// The model name the server says answered (remote providers); nil for local models.
    public let reportedModel: String?
    public let promptTokens: Int?
    public let completionTokens: Int?
    public let latencyMilliseconds: Double

    public init(outcome: CallOutcome, reportedModel: String? = nil, promptTokens: Int? = nil,
                completionTokens: Int? = nil, latencyMilliseconds: Double) {
        self.outcome = outcome
        self.reportedModel = reportedModel
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.latencyMilliseconds = latencyMilliseconds
    }
}
