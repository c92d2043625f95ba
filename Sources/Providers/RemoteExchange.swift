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

    func run(_ request: URLRequest, streaming: Bool, timeout: Double,
             onToken: ((String) -> Void)?) async throws -> AttemptReply {
        let watch = Stopwatch()
        var status = 0
        var retryAfter: Double?
        var body = Data()
        var sse = SSEParser()
        var decoder = format.makeStreamDecoder()
        var eventIndex = 0
        var firstToken: Double?
        do {
            reading: for try await event in client.send(request, timeout: timeout) {
                switch event {
                case .head(let head):
                    status = head.statusCode
                    retryAfter = RetryAfter.seconds(from: head)
                case .body(let chunk):
                    guard (200..<300).contains(status) else {
                        if body.count < Self.errorBodyLimit { body.append(chunk) }
                        continue
                    }
                    body.append(chunk)
                    guard streaming else { continue }
                    for event in sse.push(chunk) {
                        if let piece = try decoder.consume(event, index: eventIndex), !piece.isEmpty {
                            if firstToken == nil { firstToken = watch.seconds }
                            onToken?(piece)
                        }
                        eventIndex += 1
                        if decoder.isComplete { break reading }
                    }
                }
            }
        } catch let error as HTTPClientError {
            switch error {
            case .timeout(let seconds):
                throw AttemptFailure(error: .timeout(seconds: seconds), streamedText: firstToken != nil)
            case .transport(_, let message):
                let scrubbed = scrub(message)
                if status == 0 { throw AttemptFailure(error: .transport(message: scrubbed)) }
                let missing = streaming && (200..<300).contains(status)
                    ? "the rest of the event stream up to \(decoder.endMarker) (\(scrubbed))"
                    : "the rest of the body (\(scrubbed))"
                throw AttemptFailure(error: .truncated(received: body.count, missing: missing),
                                     retryAfter: retryAfter, streamedText: firstToken != nil)
            }
        } catch let error as ProviderError {
            throw AttemptFailure(error: error, streamedText: firstToken != nil)
        }

        // A cancelled caller ends the stream early without an error: report the cancellation itself.
        try Task.checkCancellation()
        if status == 0 { throw AttemptFailure(error: .transport(message: "the connection closed before a response head")) }
        guard (200..<300).contains(status) else {
            let text = scrub(String(decoding: body, as: UTF8.self))
            throw AttemptFailure(error: .httpStatus(code: status, bodyExcerpt: ReplyReader.excerpt(text, limit: 300)),
                                 retryAfter: retryAfter)
        }
        let raw = String(decoding: body, as: UTF8.self)
        if streaming {
            guard decoder.isComplete else {
                throw AttemptFailure(error: .truncated(received: body.count, missing: decoder.endMarker),
                                     streamedText: firstToken != nil)
            }
            do {
                return AttemptReply(reply: try decoder.finish(), raw: raw, timeToFirstToken: firstToken)
            } catch let error as ProviderError {
                throw AttemptFailure(error: error, streamedText: firstToken != nil)
            }
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch let error as JSONParseError {
            if error.offset >= body.count {
                throw AttemptFailure(error: .truncated(received: body.count, missing: "the rest of the JSON reply (\(error.reason))"))
            }
            throw AttemptFailure(error: .malformedReply(path: "byte \(error.offset)", reason: error.reason,
                                                        excerpt: ReplyReader.excerpt(scrub(raw))))
        }
        do {
            let reply = try format.decode(ReplyReader(json, raw: scrub(raw)))
            onToken?(reply.text)
            return AttemptReply(reply: reply, raw: raw, timeToFirstToken: nil)
        } catch let error as ProviderError {
            throw AttemptFailure(error: error)
        }
    }

    private func scrub(_ text: String) -> String { secret?.scrub(text) ?? text }
}
