import Foundation
@testable import Providers
import TestSupport
import XCTest

final class RetryPolicyTests: XCTestCase {
    func testWhatIsRetried() {
        let policy = RetryPolicy()
        for code in [429, 500, 502, 503, 504] { XCTAssertTrue(policy.isRetryable(.httpStatus(code: code, bodyExcerpt: "")), "\(code)") }
        for code in [400, 401, 403, 404, 422] { XCTAssertFalse(policy.isRetryable(.httpStatus(code: code, bodyExcerpt: "")), "\(code)") }
        XCTAssertTrue(policy.isRetryable(.transport(message: "reset")))
        XCTAssertTrue(policy.isRetryable(.timeout(seconds: 1)))
        XCTAssertFalse(policy.isRetryable(.malformedReply(path: "$", reason: "x", excerpt: "")))
        XCTAssertFalse(policy.isRetryable(.refusal("no")))
        let forced = RetryPolicy(retryableStatuses: [400, 401, 403, 404, 500])
        XCTAssertEqual(forced.retryableStatuses, [500], "400/401/403/404 are never retried, even when configured")
    }

    func testFullJitterStaysUnderTheExponentialCeilingAndIsSeeded() {
        let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 4)
        let a = JitterSource(seed: 7), b = JitterSource(seed: 7), c = JitterSource(seed: 8)
        var drawsA: [Double] = [], drawsB: [Double] = [], drawsC: [Double] = []
        for attempt in 1...8 {
            let ceiling = min(4, 0.5 * pow(2, Double(attempt - 1)))
            let wait = policy.delay(afterAttempt: attempt, retryAfter: nil, random: a)
            XCTAssertGreaterThanOrEqual(wait, 0)
            XCTAssertLessThan(wait, ceiling, "attempt \(attempt)")
            drawsA.append(wait)
            drawsB.append(policy.delay(afterAttempt: attempt, retryAfter: nil, random: b))
            drawsC.append(policy.delay(afterAttempt: attempt, retryAfter: nil, random: c))
        }
        XCTAssertEqual(drawsA, drawsB, "same seed, same waits")
        XCTAssertNotEqual(drawsA, drawsC)
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: 7, random: a), 7, "Retry-After wins over the draw")
    }

    func testRetryAfterForms() throws {
        let now = try XCTUnwrap(ISO8601DateFormatter().date(from: "2015-10-21T07:28:00Z"))
        XCTAssertEqual(RetryAfter.seconds("120", now: now), 120)
        XCTAssertEqual(RetryAfter.seconds(" 0 ", now: now), 0)
        XCTAssertEqual(RetryAfter.seconds("Wed, 21 Oct 2015 07:28:30 GMT", now: now), 30)
        XCTAssertEqual(RetryAfter.seconds("Wednesday, 21-Oct-15 07:29:00 GMT", now: now), 60)
        XCTAssertEqual(RetryAfter.seconds("Wed Oct 21 07:28:10 2015", now: now), 10)
        XCTAssertEqual(RetryAfter.seconds("Wed, 21 Oct 2015 07:00:00 GMT", now: now), 0, "a past date means now")
        XCTAssertNil(RetryAfter.seconds("soon", now: now))
        XCTAssertNil(RetryAfter.seconds("-5", now: now))
    }

    func testHTTPDateRetryAfterIsHonouredOverTheWire() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let server = try LoopbackHTTPServer { _, index in
            // Two seconds ahead at whole-second resolution: between 1 and 2 seconds of waiting.
            index == 0 ? ReplyStep.json(503, "{}", headers: [("Retry-After", formatter.string(from: Date().addingTimeInterval(2)))])
                       : ReplyStep.json(200, OpenAIProviderTests.reply)
        }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil,
                                                    retry: RetryPolicy(baseDelay: 0.01))
        let started = Date()
        let response = try await provider.complete(ChatRequest(messages: [.user("Q")]))
        XCTAssertEqual(response.attempts, 2)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.9)
    }

    func testSemaphoreHandsSlotsOutInOrderAndSkipsCancelledWaiters() async throws {
        let semaphore = AsyncSemaphore(limit: 1)
        try await semaphore.acquire()
        let order = PieceCollector()
        let first = Task { try await semaphore.acquire(); order.append("first"); await semaphore.release() }
        try await Task.sleep(nanoseconds: 50_000_000)
        let cancelled = Task { try await semaphore.acquire(); order.append("cancelled") }
        try await Task.sleep(nanoseconds: 50_000_000)
        let third = Task { try await semaphore.acquire(); order.append("third"); await semaphore.release() }
        try await Task.sleep(nanoseconds: 50_000_000)
        cancelled.cancel()
        let outcome = await cancelled.result
        XCTAssertThrowsError(try outcome.get()) { XCTAssertTrue($0 is CancellationError) }
        await semaphore.release()
        try await first.value
        try await third.value
        XCTAssertEqual(order.all, ["first", "third"])
    }
}
