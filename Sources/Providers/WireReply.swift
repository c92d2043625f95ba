/// What a provider's wire format extracts from one reply, before attempts and latency are known.
struct WireReply {
    var text: String
    var reportedModel: String?
    var finishReason: FinishReason
    var usage: TokenUsage
    var firstTokenLogprobs: [TokenLogprob]? = nil
}

/// A provider's wire format: builds the request body and reads replies, whole or streamed.
protocol WireFormat: Sendable {
    associatedtype Stream: StreamDecoder
    /// Reads a complete (non-streamed) JSON reply body.
    func decode(_ reply: ReplyReader) throws -> WireReply
    func makeStreamDecoder() -> Stream
}

/// Follows one streamed reply event by event.
protocol StreamDecoder {
    /// Reads one event; returns new answer text to pass on, if any. Throws `ProviderError`.
    mutating func consume(_ event: SSEEvent, index: Int) throws -> String?
    /// True once the stream's end marker arrived.
    var isComplete: Bool { get }
    /// The end marker, named in truncation errors ("data: [DONE]").
    var endMarker: String { get }
    /// The reply assembled so far; called once the stream is complete.
    func finish() throws -> WireReply
}
