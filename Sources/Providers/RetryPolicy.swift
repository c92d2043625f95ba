import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Support

/// When and how long to wait before trying a failed call again.
///
/// Back-off is exponential with full jitter (AWS architecture blog, "Exponential Backoff and
/// Jitter"): attempt n waits a uniform draw from [0, min(maxDelay, baseDelay * 2^(n-1))], which
/// spreads clients that failed together. A server's Retry-After takes precedence over the draw.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (1 disables retries).
    public var maxAttempts: Int
    /// Seconds; the ceiling of the first back-off draw.
    public var baseDelay: Double
    /// Seconds; no computed back-off exceeds this.
    public var maxDelay: Double
    /// Seconds; a Retry-After longer than this is not waited for: the call fails as rate limited.
    public var maxRetryAfter: Double
    /// Statuses worth another attempt. 400/401/403/404 are never retried: the same request would fail again.
    public var retryableStatuses: Set<Int>
    /// Whether an attempt that ran out of time is tried again.
    public var retryOnTimeout: Bool

    public static let nonRetryableStatuses: Set<Int> = [400, 401, 403, 404]

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 30, maxRetryAfter: Double = 120,
                retryableStatuses: Set<Int> = [429, 500, 502, 503, 504], retryOnTimeout: Bool = true) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses.subtracting(Self.nonRetryableStatuses)
        self.retryOnTimeout = retryOnTimeout
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a failure of this kind may be retried at all (attempt count aside).
    public func isRetryable(_ error: ProviderError) -> Bool {
        switch error {
        case .transport: return true
        case .httpStatus(let code, _): return retryableStatuses.contains(code)
        case .truncated, .serverError: return true
        case .timeout: return retryOnTimeout
        case .rateLimited: return retryableStatuses.contains(429)
        case .malformedReply, .refusal, .emptyReply, .invalidRequest, .missingAPIKey, .local: return false
        }
    }

    /// Seconds to wait after failed attempt `attempt` (1-based): the server's Retry-After when it
    /// gave one, else the jittered exponential draw.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?, random: JitterSource) -> Double {
        if let retryAfter { return max(0, retryAfter) }
        let exponent = Double(min(max(attempt - 1, 0), 62))
        let ceiling = min(maxDelay, baseDelay * pow(2, exponent))
        return random.nextUnit() * ceiling
    }
}

/// The random draws behind back-off jitter: seeded, so a test (or a replayed run) sees the same
/// waits; shared by concurrent calls, hence the lock.
public final class JitterSource: @unchecked Sendable {
    private var generator: SeededRandom
    private let lock = NSLock()

    /// - Parameter seed: nil draws one from the system generator.
    public init(seed: UInt64?) { generator = SeededRandom(seed: seed ?? UInt64.random(in: .min ... .max)) }

    /// A uniform draw from [0, 1).
    public func nextUnit() -> Double {
        lock.lock()
        defer { lock.unlock() }
        return generator.nextUnit()
    }
}

/// Reads an HTTP Retry-After value: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3).
public enum RetryAfter {
    /// Seconds to wait from `now`, or nil when the value is neither form. Dates in the past give 0.
    public static func seconds(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return seconds }
        for format in httpDateFormats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// IMF-fixdate first (what servers must send), then the two obsolete forms receivers must accept.
    static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",
        "EEEE, dd-MMM-yy HH:mm:ss zzz",
        "EEE MMM d HH:mm:ss yyyy",
    ]

    /// The wait a reply asks for: `retry-after-ms` (sent by OpenAI) or `Retry-After`.
    static func seconds(from response: HTTPURLResponse, now: Date = Date()) -> Double? {
        if let ms = response.value(forHTTPHeaderField: "retry-after-ms"), let value = Double(ms), value >= 0, value.isFinite {
            return value / 1000
        }
        return response.value(forHTTPHeaderField: "Retry-After").flatMap { seconds($0, now: now) }
    }
}
