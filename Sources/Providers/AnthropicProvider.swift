import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Support

/// Anthropic's Messages API (`POST <baseURL>/messages`, `x-api-key`, `anthropic-version`).
/// System messages are joined into the top-level `system` field. A response schema is answered
/// through a forced tool call (see `AnthropicWire`). The API has no seed: a requested seed is listed
/// in the response's `ignoredSettings`.
public struct AnthropicProvider: ModelProvider {
    public static let defaultVersion = "2023-06-01"

    public let identity: ProviderIdentity
    public let ledger = ProviderLedger()
    private let endpoint: RemoteEndpoint
    private let apiKey: Secret?
    private let version: String
    private let wire: AnthropicWire
    private let client = HTTPClient()
    private let executor: CallExecutor

    /// - Parameters:
    ///   - baseURL: the API root, e.g. `https://api.anthropic.com/v1`.
    ///   - defaultMaxTokens: sent when a request sets no `maxTokens` (the API requires it).
    public init(baseURL: URL, model: String, apiKey: Secret?, version: String = AnthropicProvider.defaultVersion,
                maxConcurrency: Int = 4, timeout: Double = 120, retry: RetryPolicy = RetryPolicy(),
                jitterSeed: UInt64? = nil, defaultMaxTokens: Int = 4096) throws {
        endpoint = try RemoteEndpoint(baseURL: baseURL, path: "messages", timeout: timeout)
        identity = ProviderIdentity(kind: .anthropic, baseURL: endpoint.publicBaseURL, model: model)
        self.apiKey = apiKey
        self.version = version
        wire = AnthropicWire(model: model, defaultMaxTokens: defaultMaxTokens)
        executor = CallExecutor(identity: identity, retry: retry, jitter: JitterSource(seed: jitterSeed),
                                slots: AsyncSemaphore(limit: maxConcurrency), ledger: ledger)
    }

    public func complete(_ request: ChatRequest, onToken: ((String) -> Void)?) async throws -> ChatResponse {
        let streaming = onToken != nil
        let timeout: Double
        do {
            try request.validate()
            guard request.messages.contains(where: { $0.role != .system }) else {
                throw ProviderError.invalidRequest("the Messages API needs at least one user or assistant message")
            }
            timeout = try endpoint.timeout(for: request)
        } catch let error as ProviderError {
            throw ProviderFailure(reason: error, attempts: 0, latency: 0, identity: identity)
        }
        var wire = self.wire
        wire.schema = request.responseSchema
        var headers = ["anthropic-version": version]
        if let apiKey { headers["x-api-key"] = apiKey.revealed }
        if streaming { headers["Accept"] = "text/event-stream" }
        let http = endpoint.request(body: wire.body(for: request, stream: streaming), headers: headers)
        let exchange = RemoteExchange(client: client, format: wire, secret: apiKey)
        return try await executor.run({ _ in
            try await exchange.run(http, streaming: streaming, timeout: timeout, onToken: onToken)
        }, ignoredSettings: AnthropicWire.ignoredSettings(request))
    }

    /// The request body this provider would send (for provenance and tests).
    public func requestBody(for request: ChatRequest, stream: Bool) -> JSONValue {
        wire.body(for: request, stream: stream)
    }
}
