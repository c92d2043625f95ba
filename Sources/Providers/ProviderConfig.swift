import Foundation
import Support

/// How to reach one model, as written in a flow's or benchmark's JSON:
///
///     {"kind": "openai", "base_url": "http://127.0.0.1:8080/v1", "model": "qwen2.5-7b-instruct",
///      "api_key_env": null, "max_concurrency": 4, "timeout": 120,
///      "retry": {"max_attempts": 4, "base_delay": 0.5, "max_delay": 30, "max_retry_after": 120,
///                "retry_on_timeout": true, "jitter_seed": 7}}
///
/// `api_key_env` names the environment variable holding the key (default OPENAI_API_KEY or
/// ANTHROPIC_API_KEY); `null` means the server needs none. Keys are never written in the file.
/// Local models: `{"kind": "local", "path": "/models/smollm2.gguf", "threads": 2, "context_length": 2048}`.
public struct ProviderConfig: Sendable, Equatable {
    public struct Remote: Sendable, Equatable {
        public var baseURL: URL
        public var model: String
        /// The environment variable holding the API key; nil when the server needs none.
        public var apiKeyVariable: String?

        public init(baseURL: URL, model: String, apiKeyVariable: String?) {
            self.baseURL = baseURL
            self.model = model
            self.apiKeyVariable = apiKeyVariable
        }
    }

    public enum Source: Sendable, Equatable {
        case openai(Remote)
        case anthropic(Remote)
        case local(path: String, threads: Int?, contextLength: Int?)
    }

    public var source: Source
    public var maxConcurrency: Int
    /// Seconds per attempt.
    public var timeout: Double
    public var retry: RetryPolicy
    /// nil: a random seed per provider.
    public var jitterSeed: UInt64?
    /// Anthropic only.
    public var anthropicVersion: String
    /// Anthropic only: `max_tokens` sent when a request sets none.
    public var defaultMaxTokens: Int

    public static let defaultBaseURLs: [ProviderIdentity.Kind: String] = [
        .openai: "https://api.openai.com/v1",
        .anthropic: "https://api.anthropic.com/v1",
    ]
    public static let defaultKeyVariables: [ProviderIdentity.Kind: String] = [
        .openai: "OPENAI_API_KEY",
        .anthropic: "ANTHROPIC_API_KEY",
    ]

    public var kind: ProviderIdentity.Kind {
        switch source {
        case .openai: return .openai
        case .anthropic: return .anthropic
        case .local: return .local
        }
    }

    public init(source: Source, maxConcurrency: Int = 4, timeout: Double = 120,
                retry: RetryPolicy = RetryPolicy(), jitterSeed: UInt64? = nil,
                anthropicVersion: String = AnthropicProvider.defaultVersion, defaultMaxTokens: Int = 4096) {
        self.source = source
        self.maxConcurrency = maxConcurrency
        self.timeout = timeout
        self.retry = retry
        self.jitterSeed = jitterSeed
        self.anthropicVersion = anthropicVersion
        self.defaultMaxTokens = defaultMaxTokens
    }
}

// MARK: Parsing

extension ProviderConfig {
    public init(parsing text: String) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch let error as JSONParseError {
            throw ProviderConfigError(location: "byte \(error.offset)", reason: error.reason)
        }
        try self.init(json: value)
    }

    /// - Parameter path: where this object sits in a larger document, for error messages.
    public init(json: JSONValue, path: JSONPath = .root) throws {
        var reader = try ConfigReader(json, path: path)
        let kindName = try reader.requiredString("kind")
        guard let kind = ProviderIdentity.Kind(rawValue: kindName) else {
            let names = ProviderIdentity.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.fail("kind", "unknown provider kind \"\(kindName)\"; expected one of \(names)")
        }
        self.init(source: .local(path: "", threads: nil, contextLength: nil))
        var allowed = ["kind", "max_concurrency", "timeout", "retry"]
        switch kind {
        case .local:
            allowed += ["path", "threads", "context_length"]
            source = .local(path: try reader.requiredString("path"), threads: try reader.int("threads", atLeast: 1),
                            contextLength: try reader.int("context_length", atLeast: 16))
        case .openai, .anthropic:
            allowed += ["base_url", "model", "api_key_env"]
            let urlText = try reader.string("base_url") ?? Self.defaultBaseURLs[kind] ?? ""
            guard let url = URL(string: urlText), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
                throw reader.fail("base_url", "expected an http(s) URL, found \"\(RemoteEndpoint.strip(URL(string: urlText) ?? URL(fileURLWithPath: "/")))\"")
            }
            let model = try reader.requiredString("model")
            let keyVariable: String?
            if reader.isNull("api_key_env") {
                reader.accept("api_key_env")
                keyVariable = nil
            } else {
                keyVariable = try reader.string("api_key_env") ?? Self.defaultKeyVariables[kind]
            }
            let remote = Remote(baseURL: url, model: model, apiKeyVariable: keyVariable)
            source = kind == .anthropic ? .anthropic(remote) : .openai(remote)
            if kind == .anthropic {
                allowed += ["anthropic_version", "default_max_tokens"]
                anthropicVersion = try reader.string("anthropic_version") ?? anthropicVersion
                defaultMaxTokens = try reader.int("default_max_tokens", atLeast: 1) ?? defaultMaxTokens
            }
        }
        maxConcurrency = try reader.int("max_concurrency", atLeast: 1) ?? maxConcurrency
        timeout = try reader.seconds("timeout") ?? timeout
        if var retryReader = try reader.object("retry") {
            retry = try Self.parseRetry(&retryReader)
            jitterSeed = try retryReader.int("jitter_seed", atLeast: 0).map { UInt64($0) }
            try retryReader.rejectUnknownKeys(allowed: "max_attempts, base_delay, max_delay, max_retry_after, retry_on_timeout, jitter_seed")
        }
        try reader.rejectUnknownKeys(allowed: allowed.joined(separator: ", "))
    }

    private static func parseRetry(_ reader: inout ConfigReader) throws -> RetryPolicy {
        let defaults = RetryPolicy()
        return RetryPolicy(
            maxAttempts: try reader.int("max_attempts", atLeast: 1) ?? defaults.maxAttempts,
            baseDelay: try reader.seconds("base_delay", allowZero: true) ?? defaults.baseDelay,
            maxDelay: try reader.seconds("max_delay", allowZero: true) ?? defaults.maxDelay,
            maxRetryAfter: try reader.seconds("max_retry_after", allowZero: true) ?? defaults.maxRetryAfter,
            retryOnTimeout: try reader.bool("retry_on_timeout") ?? defaults.retryOnTimeout)
    }
}
