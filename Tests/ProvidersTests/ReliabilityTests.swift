import Foundation
import Providers
import Support
import TestSupport
import XCTest

/// Fault injection over real HTTP on loopback: rate limits, server errors, dropped connections,
/// slow replies, and the concurrency limit as the server counts it.
final class ReliabilityTests: XCTestCase {
    static let ok = OpenAIProviderTests.reply
    /// Tiny back-off so retry tests run fast; the jitter seed makes the waits reproducible.
    static let quickRetry = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)

    func provider(_ server: LoopbackHTTPServer, retry: RetryPolicy = quickRetry, maxConcurrency: Int = 4,
                  timeout: Double = 10) throws -> OpenAICompatibleProvider {
        try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil, maxConcurrency: maxConcurrency,
                                     timeout: timeout, retry: retry, jitterSeed: 1)
    }

    func testRateLimitHonoursRetryAfterThenSucceeds() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? ReplyStep.json(429, #"{"error":{"message":"slow down"}}"#, headers: [("Retry-After", "1")])
                       : ReplyStep.json(200, Self.ok)
        }
        defer { server.stop() }
        let started = Date()
        let response = try await provider(server).complete(ChatRequest(messages: [.user("Q")]))
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(response.attempts, 2)
        XCTAssertEqual(response.failedAttempts, [.httpStatus(code: 429, bodyExcerpt: #"{"error":{"message":"slow down"}}"#)])
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertGreaterThanOrEqual(elapsed, 1.0, "Retry-After: 1 must be waited for, not the 10 ms back-off")
        XCTAssertLessThan(elapsed, 3.0)
        XCTAssertGreaterThanOrEqual(response.latency, 1.0, "latency includes the wait")
    }

    func testRateLimitedOnEveryAttemptEndsAsRateLimited() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(429, "{}", headers: [("Retry-After", "0")]) }
        defer { server.stop() }
        let provider = try provider(server, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01))
        let result = await failure { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        XCTAssertEqual(result?.reason, .rateLimited(attempts: 3, retryAfter: 0))
        XCTAssertEqual(result?.attempts, 3)
        XCTAssertEqual(result?.earlierAttempts, Array(repeating: .httpStatus(code: 429, bodyExcerpt: "{}"), count: 2))
        XCTAssertEqual(server.requests.count, 3)
        let totals = await provider.ledger.totals
        XCTAssertEqual(totals.failures, 1)
        XCTAssertEqual(totals.attempts, 3)
    }

    func testRetryAfterBeyondTheCapFailsAtOnce() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(429, "{}", headers: [("Retry-After", "3600")]) }
        defer { server.stop() }
        let result = await failure { try await self.provider(server).complete(ChatRequest(messages: [.user("Q")])) }
        XCTAssertEqual(result?.reason, .rateLimited(attempts: 1, retryAfter: 3600))
        XCTAssertEqual(server.requests.count, 1)
    }

    func testServiceUnavailableTwiceThenSuccess() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index < 2 ? ReplyStep.json(503, #"{"error":"overloaded"}"#) : ReplyStep.json(200, Self.ok)
        }
        defer { server.stop() }
        let provider = try provider(server)
        let response = try await provider.complete(ChatRequest(messages: [.user("Q")]))
        XCTAssertEqual(response.attempts, 3)
        XCTAssertEqual(response.failedAttempts, Array(repeating: .httpStatus(code: 503, bodyExcerpt: #"{"error":"overloaded"}"#), count: 2))
        XCTAssertEqual(response.text, #"{"gene":"BRCA1"}"#)
        XCTAssertEqual(server.requests.count, 3)
        let sent = server.requests.map(\.body)
        XCTAssertEqual(Set(sent).count, 1, "every attempt sends the same body")
        let totals = await provider.ledger.totals
        XCTAssertEqual(totals.calls, 1)
        XCTAssertEqual(totals.attempts, 3)
        XCTAssertEqual(totals.promptTokens, 21)
        XCTAssertEqual(totals.completionTokens, 7)
    }

    func testBadRequestIsNotRetried() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            ReplyStep.json(400, #"{"error":{"message":"Invalid schema for response_format 'x'","type":"invalid_request_error"}}"#)
        }
        defer { server.stop() }
        let result = await failure { try await self.provider(server).complete(ChatRequest(messages: [.user("Q")])) }
        guard case .httpStatus(let code, let excerpt)? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(code, 400)
        XCTAssertTrue(excerpt.contains("Invalid schema for response_format"), excerpt)
        XCTAssertEqual(result?.attempts, 1)
        XCTAssertEqual(server.requests.count, 1)
    }

    func testDroppedStreamIsTruncatedAndNotRetriedOnceTextWasDelivered() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            ReplyStep.sse([OpenAIProviderTests.chunk("Partial "), OpenAIProviderTests.chunk("answer")]) + [.abort]
        }
        defer { server.stop() }
        let pieces = PieceCollector()
        let result = await failure {
            try await self.provider(server).complete(ChatRequest(messages: [.user("Q")]), onToken: { pieces.append($0) })
        }
        guard case .truncated(let received, let missing)? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertGreaterThan(received, 0)
        XCTAssertTrue(missing.contains("data: [DONE]"), missing)
        XCTAssertEqual(pieces.all, ["Partial ", "answer"])
        XCTAssertEqual(result?.attempts, 1, "text already reached the caller: no retry")
        XCTAssertEqual(server.requests.count, 1)
    }

    func testStreamEndingWithoutDoneIsTruncated() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.sse([OpenAIProviderTests.chunk("Half")]) }
        defer { server.stop() }
        let result = await failure {
            try await self.provider(server, retry: .none).complete(ChatRequest(messages: [.user("Q")]), onToken: { _ in })
        }
        guard case .truncated(_, let missing)? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(missing, "data: [DONE]")
    }

    func testBodyCutShortIsRetriedWhenNothingWasStreamed() async throws {
        let server = try LoopbackHTTPServer { _, index in
            guard index == 0 else { return ReplyStep.json(200, Self.ok) }
            return [.head(status: 200, headers: [("Content-Type", "application/json")], contentLength: 500),
                    .body(Data(#"{"id":"chatcmpl-1","choi"#.utf8)), .abort]
        }
        defer { server.stop() }
        let response = try await provider(server).complete(ChatRequest(messages: [.user("Q")]))
        XCTAssertEqual(response.attempts, 2)
        guard case .truncated(let received, let missing)? = response.failedAttempts.first else {
            return XCTFail("\(response.failedAttempts)")
        }
        XCTAssertEqual(received, 24)
        XCTAssertTrue(missing.hasPrefix("the rest of the body"), missing)
    }

    func testBodyCutShortEndsAsTruncatedWhenRetriesRunOut() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            [.head(status: 200, headers: [("Content-Type", "application/json")], contentLength: 500),
             .body(Data(#"{"id":"chatcmpl-1","choi"#.utf8)), .abort]
        }
        defer { server.stop() }
        let result = await failure {
            try await self.provider(server, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01)).complete(ChatRequest(messages: [.user("Q")]))
        }
        guard case .truncated(let received, _)? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(received, 24)
        XCTAssertEqual(result?.attempts, 2)
    }

    func testSlowReplyTimesOut() async throws {
        let server = try LoopbackHTTPServer { _, _ in [.sleep(3)] + ReplyStep.json(200, Self.ok) }
        defer { server.stop() }
        let started = Date()
        let result = await failure {
            try await self.provider(server, retry: .none).complete(ChatRequest(messages: [.user("Q")], timeout: 0.5))
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(result?.reason, .timeout(seconds: 0.5))
        XCTAssertLessThan(elapsed, 2.0, "the deadline cuts the wait, it does not wait for the server")
        XCTAssertGreaterThanOrEqual(elapsed, 0.5)
    }

    func testStreamSlowerThanTheDeadlineTimesOut() async throws {
        // Each event arrives well within an idle limit; only a whole-exchange deadline catches this.
        let events = (0..<20).map { OpenAIProviderTests.chunk("w\($0) ") } + ["data: [DONE]\n\n"]
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.sse(events, pause: 0.1) }
        defer { server.stop() }
        let result = await failure {
            try await self.provider(server, retry: .none).complete(ChatRequest(messages: [.user("Q")], timeout: 0.6), onToken: { _ in })
        }
        XCTAssertEqual(result?.reason, .timeout(seconds: 0.6))
    }

    func testConnectionRefusedIsATransportErrorAfterRetries() async throws {
        // A port that was just free: bind, read the port, stop listening.
        let closed = try LoopbackHTTPServer { _, _ in [] }
        closed.stop()
        try await Task.sleep(nanoseconds: 200_000_000)
        let provider = try provider(closed, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01))
        let result = await failure { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        guard case .transport? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(result?.attempts, 2)
    }

    func testConcurrencyLimitIsRespected() async throws {
        let server = try LoopbackHTTPServer { _, _ in [.sleep(0.3)] + ReplyStep.json(200, Self.ok) }
        defer { server.stop() }
        let provider = try provider(server, maxConcurrency: 2)
        try await withThrowingTaskGroup(of: ChatResponse.self) { group in
            for _ in 0..<6 { group.addTask { try await provider.complete(ChatRequest(messages: [.user("Q")])) } }
            for try await response in group { XCTAssertEqual(response.attempts, 1) }
        }
        XCTAssertEqual(server.requests.count, 6)
        XCTAssertEqual(server.maxConcurrent, 2, "two slots: never more at once, and both used")
    }

    func testCancellingTheCallerStopsTheExchange() async throws {
        let server = try LoopbackHTTPServer { _, _ in [.sleep(3)] + ReplyStep.json(200, Self.ok) }
        defer { server.stop() }
        let provider = try provider(server)
        let started = Date()
        let call = Task { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        try await Task.sleep(nanoseconds: 200_000_000)
        call.cancel()
        let outcome = await call.result
        XCTAssertThrowsError(try outcome.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
        XCTAssertEqual(server.requests.count, 1, "a cancelled call is not retried")
    }

    func testErrorStatusCutShortIsStillThatStatus() async throws {
        let server = try LoopbackHTTPServer { _, index in
            guard index == 0 else { return ReplyStep.json(200, Self.ok) }
            return [.head(status: 502, headers: [], contentLength: 100), .body(Data("Bad gate".utf8)), .abort]
        }
        defer { server.stop() }
        let response = try await provider(server).complete(ChatRequest(messages: [.user("Q")]))
        XCTAssertEqual(response.failedAttempts, [.httpStatus(code: 502, bodyExcerpt: "Bad gate")])
    }

    /// Per-call overhead of the HTTP path (URLSession, libcurl, JSON both ways) on loopback, printed
    /// for the record; the bound only catches a pathological regression (e.g. a per-call stall).
    func testLoopbackCallRate() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, Self.ok) }
        defer { server.stop() }
        let provider = try provider(server, maxConcurrency: 4)
        let calls = 200
        let started = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<calls { group.addTask { _ = try await provider.complete(ChatRequest(messages: [.user("Q")])) } }
            try await group.waitForAll()
        }
        let seconds = Date().timeIntervalSince(started)
        let totals = await provider.ledger.totals
        XCTAssertEqual(totals.calls, calls)
        XCTAssertEqual(totals.attempts, calls)
        XCTAssertLessThan(seconds, 30)
        print("loopback: \(calls) calls in \(String(format: "%.2f", seconds)) s, \(Int(Double(calls) / seconds)) calls/s at concurrency 4")
    }
}
