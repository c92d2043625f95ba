import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Support

/// One attempt's failure, with what the retry loop needs to decide about the next attempt.
struct AttemptFailure: Error {
    var error: ProviderError
    /// Seconds the server asked to wait (Retry-After), if it did.
    var retryAfter: Double?
    /// Whether answer text already reached the caller's `onToken` (then the call is not retried).
    var streamedText: Bool = false
}

/// What a successful attempt produced.
struct AttemptReply {
    var reply: WireReply
    var raw: String
    var timeToFirstToken: Double?
}

/// Sends one HTTP request and reads its reply with a provider's wire format: status handling,
/// SSE streaming, JSON decoding, and the mapping of every failure onto `ProviderError`.
struct RemoteExchange<Format: WireFormat> {
    let client: HTTPClient
    let format: Format
    /// Scrubbed out of every text an error keeps (servers may echo the key they rejected).
    let secret: Secret?

    /// Error bodies are read up to this many bytes: enough for the message, bounded against floods.
    static var errorBodyLimit: Int { 64 * 1024 }

    /// What has arrived so far in one exchange.
    private struct Progress {
        var status = 0
        var retryAfter: Double?
        var body = Data()
        var sse = SSEParser()
        var decoder: Format.Stream
        var eventIndex = 0
        var firstToken: Double?

        var succeeded: Bool { (200..<300).contains(status) }
        var streamedText: Bool { firstToken != nil }
    }

    func run(_ request: URLRequest, streaming: Bool, timeout: Double,
             onToken: ((String) -> Void)?) async throws -> AttemptReply {
        var progress = Progress(decoder: format.makeStreamDecoder())
        do {
            try await receive(request, streaming: streaming, timeout: timeout, into: &progress, onToken: onToken)
        } catch let error as HTTPClientError {
            throw failure(error, streaming: streaming, progress)
        } catch let error as ProviderError {
            throw AttemptFailure(error: error, streamedText: progress.streamedText)
        }
        // A cancelled caller ends the stream early without an error: report the cancellation itself.
        try Task.checkCancellation()
        if progress.status == 0 { throw AttemptFailure(error: .transport(message: "the connection closed before a response head")) }
        guard progress.succeeded else { throw statusFailure(progress) }
        let raw = scrub(String(decoding: progress.body, as: UTF8.self))
        do {
            if streaming {
                guard progress.decoder.isComplete else {
                    throw ProviderError.truncated(received: progress.body.count, missing: progress.decoder.endMarker)
                }
                return AttemptReply(reply: try progress.decoder.finish(), raw: raw, timeToFirstToken: progress.firstToken)
            }
            let reply = try format.decode(ReplyReader(try Self.parse(progress.body, raw: raw), raw: raw))
            return AttemptReply(reply: reply, raw: raw, timeToFirstToken: nil)
        } catch let error as ProviderError {
            throw AttemptFailure(error: error, streamedText: progress.streamedText)
        }
    }

    /// Reads the exchange's events; streamed answer text goes to `onToken` as events complete.
    private func receive(_ request: URLRequest, streaming: Bool, timeout: Double, into progress: inout Progress,
                         onToken: ((String) -> Void)?) async throws {
        let watch = Stopwatch()
        for try await event in client.send(request, timeout: timeout) {
            switch event {
            case .head(let head):
                progress.status = head.statusCode
                progress.retryAfter = RetryAfter.seconds(from: head)
            case .body(let chunk):
                guard progress.succeeded else {
                    if progress.body.count < Self.errorBodyLimit { progress.body.append(chunk) }
                    continue
                }
                progress.body.append(chunk)
                guard streaming else { continue }
                for event in progress.sse.push(chunk) {
                    if let piece = try progress.decoder.consume(event, index: progress.eventIndex), !piece.isEmpty {
                        if progress.firstToken == nil { progress.firstToken = watch.seconds }
                        onToken?(piece)
                    }
                    progress.eventIndex += 1
                    if progress.decoder.isComplete { return }
                }
            }
        }
    }

    /// Maps a failure below HTTP onto the provider's errors, by how far the reply had come.
    private func failure(_ error: HTTPClientError, streaming: Bool, _ progress: Progress) -> AttemptFailure {
        switch error {
        case .timeout(let seconds):
            return AttemptFailure(error: .timeout(seconds: seconds), streamedText: progress.streamedText)
        case .transport(_, let message):
            let message = scrub(message)
            if progress.status == 0 { return AttemptFailure(error: .transport(message: message)) }
            // An error status cut short is still that status (and retried or not as such).
            guard progress.succeeded else { return statusFailure(progress) }
            let missing = streaming
                ? "the rest of the event stream up to \(progress.decoder.endMarker) (\(message))"
                : "the rest of the body (\(message))"
            return AttemptFailure(error: .truncated(received: progress.body.count, missing: missing),
                                  retryAfter: progress.retryAfter, streamedText: progress.streamedText)
        }
    }

    private func statusFailure(_ progress: Progress) -> AttemptFailure {
        let text = scrub(String(decoding: progress.body, as: UTF8.self))
        return AttemptFailure(error: .httpStatus(code: progress.status, bodyExcerpt: ReplyReader.excerpt(text, limit: 300)),
                              retryAfter: progress.retryAfter)
    }

    /// Parses a whole JSON reply; a document that stops early is a truncation, not a malformed reply.
    private static func parse(_ body: Data, raw: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: body)
        } catch let error as JSONParseError {
            if error.offset >= body.count {
                throw ProviderError.truncated(received: body.count, missing: "the rest of the JSON reply (\(error.reason))")
            }
            throw ProviderError.malformedReply(path: "byte \(error.offset)", reason: error.reason, excerpt: ReplyReader.excerpt(raw))
        }
    }

    private func scrub(_ text: String) -> String { secret?.scrub(text) ?? text }
}
