/// Runs a call's attempts under a provider's concurrency limit and retry policy, and accounts for it.
struct CallExecutor: Sendable {
    let identity: ProviderIdentity
    let retry: RetryPolicy
    let jitter: JitterSource
    let slots: AsyncSemaphore
    let ledger: ProviderLedger

    /// Calls `attempt` (with its 1-based number) until it succeeds, fails for good, or the policy
    /// runs out; the slot is held across retries so back-off does not let other calls jump the queue
    /// onto a struggling server.
    func run(_ attempt: (Int) async throws -> AttemptReply,
             ignoredSettings: [String]) async throws -> ChatResponse {
        try await slots.withSlot {
            let watch = Stopwatch()
            var number = 0
            var failures: [ProviderError] = []
            while true {
                number += 1
                do {
                    let result = try await attempt(number)
                    let response = ChatResponse(
                        text: result.reply.text, reportedModel: result.reply.reportedModel,
                        finishReason: result.reply.finishReason, usage: result.reply.usage,
                        latency: watch.seconds, timeToFirstToken: result.timeToFirstToken, attempts: number,
                        failedAttempts: failures, identity: identity, ignoredSettings: ignoredSettings, rawReply: result.raw,
                        firstTokenLogprobs: result.reply.firstTokenLogprobs)
                    await ledger.recordSuccess(response)
                    return response
                } catch let failure as AttemptFailure {
                    var reason = failure.error
                    var retryable = number < retry.maxAttempts && retry.isRetryable(reason) && !failure.streamedText
                    if case .httpStatus(429, _) = reason {
                        if let wait = failure.retryAfter, wait > retry.maxRetryAfter { retryable = false }
                        if !retryable { reason = .rateLimited(attempts: number, retryAfter: failure.retryAfter) }
                    }
                    guard retryable else {
                        let final = ProviderFailure(reason: reason, earlierAttempts: failures, attempts: number, latency: watch.seconds, identity: identity)
                        await ledger.recordFailure(final)
                        throw final
                    }
                    failures.append(reason)
                    let wait = retry.delay(afterAttempt: number, retryAfter: failure.retryAfter, random: jitter)
                    try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                }
            }
        }
    }
}
