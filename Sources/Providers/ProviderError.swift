import Foundation

/// Why one call to a provider failed. Texts carry no request headers and no credentials: HTTP body
/// excerpts are short and scrubbed of the API key before they are stored here.
public enum ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection failed before a complete reply (DNS, refused, reset before any body).
    case transport(message: String)
    /// The server answered with a non-success status.
    case httpStatus(code: Int, bodyExcerpt: String)
    /// The reply stopped early: `received` bytes arrived, `missing` names what never came.
    case truncated(received: Int, missing: String)
    /// The reply arrived but does not have the expected shape: `path` is a JSON path in the reply
    /// (or a byte offset for unparseable JSON), `reason` says what was wrong there.
    case malformedReply(path: String, reason: String, excerpt: String)
    /// The attempt exceeded its time limit.
    case timeout(seconds: Double)
    /// The server kept answering 429; `retryAfter` is its last requested wait in seconds.
    case rateLimited(attempts: Int, retryAfter: Double?)
    /// The server reported an error inside a successful reply (an error event mid-stream).
    case serverError(String)
    /// The model declined to answer (OpenAI `refusal`, Anthropic `stop_reason: refusal`).
    case refusal(String)
    /// The reply was well formed but held no answer text.
    case emptyReply
    /// The request cannot be sent to this provider as it stands (a setting it rejects, a bad schema).
    case invalidRequest(String)
    /// The environment variable named in the configuration does not hold an API key.
    case missingAPIKey(variable: String)
    /// The local model failed (tokenizer, template, generation).
    case local(String)

    public var description: String {
        switch self {
        case .transport(let message): return "transport error: \(message)"
        case .httpStatus(let code, let excerpt):
            return excerpt.isEmpty ? "HTTP \(code)" : "HTTP \(code): \(excerpt)"
        case .truncated(let received, let missing): return "reply truncated after \(received) bytes: \(missing) never arrived"
        case .malformedReply(let path, let reason, let excerpt):
            return "malformed reply at \(path): \(reason)" + (excerpt.isEmpty ? "" : " (reply starts: \(excerpt))")
        case .timeout(let seconds): return "no complete reply within \(JSONNumber.text(seconds)) s"
        case .rateLimited(let attempts, let retryAfter):
            let wait = retryAfter.map { ", server asked to wait \(JSONNumber.text($0)) s" } ?? ""
            return "rate limited (HTTP 429) on all \(attempts) attempts\(wait)"
        case .serverError(let message): return "server error inside the reply: \(message)"
        case .refusal(let why): return "the model refused: \(why)"
        case .emptyReply: return "the reply holds no answer text"
        case .invalidRequest(let why): return "invalid request: \(why)"
        case .missingAPIKey(let variable): return "no API key: environment variable \(variable) is unset or empty"
        case .local(let why): return "local model: \(why)"
        }
    }
}

/// A failed call: the provider, how many attempts were made, how long it took, and the last reason.
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the last attempt failed.
    public var reason: ProviderError
    /// Why each earlier attempt failed, in order (attempts - 1 entries when attempts > 0).
    public var earlierAttempts: [ProviderError]
    public var attempts: Int
    public var latency: Double
    public var identity: ProviderIdentity

    public init(reason: ProviderError, earlierAttempts: [ProviderError] = [], attempts: Int, latency: Double,
                identity: ProviderIdentity) {
        self.reason = reason
        self.earlierAttempts = earlierAttempts
        self.attempts = attempts
        self.latency = latency
        self.identity = identity
    }

    public var description: String {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        return "\(identity): \(reason) (\(tries))"
    }
}

/// Short decimal text for seconds in messages (1.5, not 1.5000000000000002).
enum JSONNumber {
    static func text(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.3g", value)
    }
}
