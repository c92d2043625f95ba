import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Support

/// Any server speaking OpenAI's chat-completions API: OpenAI, vLLM, llama.cpp server, Ollama
/// (`/v1`), LM Studio. Streams when `onToken` is given (SSE with `stream_options.include_usage`);
/// a response schema is sent as `response_format: {type: json_schema, ...}`.
public struct OpenAICompatibleProvider: ModelProvider {
    public let identity: ProviderIdentity
    public let ledger = ProviderLedger()
    private let endpoint: RemoteEndpoint
    private let apiKey: Secret?
    private let wire: OpenAIWire
    private let client = HTTPClient()
    private let executor: CallExecutor

    /// - Parameters:
    ///   - baseURL: the API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8080/v1`;
    ///     requests go to `<baseURL>/chat/completions`.
    ///   - apiKey: sent as `Authorization: Bearer`; nil for servers that need none.
    ///   - timeout: seconds per attempt when a request sets none.
    ///   - jitterSeed: seeds the back-off jitter (nil: a random seed, so separate processes do not
    ///     retry in step).
    public init(baseURL: URL, model: String, apiKey: Secret?, maxConcurrency: Int = 4, timeout: Double = 120,
                retry: RetryPolicy = RetryPolicy(), jitterSeed: UInt64? = nil) throws {
        endpoint = try RemoteEndpoint(baseURL: baseURL, path: "chat/completions", timeout: timeout)
        identity = ProviderIdentity(kind: .openai, baseURL: endpoint.publicBaseURL, model: model)
        self.apiKey = apiKey
        wire = OpenAIWire(model: model)
        executor = CallExecutor(identity: identity, retry: retry, jitter: JitterSource(seed: jitterSeed),
                                slots: AsyncSemaphore(limit: maxConcurrency), ledger: ledger)
    }

    public func complete(_ request: ChatRequest, onToken: ((String) -> Void)?) async throws -> ChatResponse {
        let streaming = onToken != nil
        let timeout: Double
        do {
            try request.validate(seedLimit: 1 << 53)
            timeout = try endpoint.timeout(for: request)
        } catch let error as ProviderError {
            throw ProviderFailure(reason: error, attempts: 0, latency: 0, identity: identity)
        }
        var headers: [String: String] = [:]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey.revealed)" }
        if streaming { headers["Accept"] = "text/event-stream" }
        let http = endpoint.request(body: wire.body(for: request, stream: streaming), headers: headers)
        let exchange = RemoteExchange(client: client, format: wire, secret: apiKey)
        return try await executor.run({ _ in
            try await exchange.run(http, streaming: streaming, timeout: timeout, onToken: onToken)
        }, ignoredSettings: [])
    }

    /// The request body this provider would send (for provenance and tests).
    public func requestBody(for request: ChatRequest, stream: Bool) -> JSONValue {
        wire.body(for: request, stream: stream)
    }
}
