/// Anything that answers a chat request: a local GGUF model, an OpenAI-compatible server or Anthropic.
///
/// Contract: `complete` either returns a response whose `text` is the model's whole answer, or throws
/// a `ProviderFailure` naming the provider, the attempts made and the typed reason. `onToken`, when
/// given, receives the answer's text as it arrives (pieces concatenate to `text`); providers that
/// cannot stream call it once with the whole text. Pieces already delivered are never retracted:
/// a call that fails after streaming some text is not retried.
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
