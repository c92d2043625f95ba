/// Anything that answers a chat request: a local GGUF model, an OpenAI-compatible server or Anthropic.
///
/// Contract: `complete` either returns a response whose `text` is the model's whole answer, or throws
/// a `ProviderFailure` naming the provider, the attempts made and the typed reason. Giving `onToken`
/// asks for streaming: it receives the answer as it arrives, for display (for plain text the pieces
/// concatenate to `text`; a structured answer's `text` is the canonical form of the streamed JSON).
/// Pieces already delivered are never retracted, so a call that fails after streaming text is not retried.
public protocol ModelProvider: Sendable {
    /// Who answers: recorded with every call for provenance. Holds no credentials.
    var identity: ProviderIdentity { get }

    func complete(_ request: ChatRequest, onToken: ((String) -> Void)?) async throws -> ChatResponse
}

extension ModelProvider {
    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        try await complete(request, onToken: nil)
    }
}
