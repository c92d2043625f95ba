/// Running totals of one provider's calls: what a run cost in tokens, time and retries.
public actor ProviderLedger {
    public struct Totals: Sendable, Equatable {
        public var calls = 0
        public var failures = 0
        /// Attempts over all calls; attempts - calls is the number of retries.
        public var attempts = 0
        public var promptTokens = 0
        public var completionTokens = 0
        /// Sum of call latencies in seconds.
        public var latency: Double = 0
    }

    public private(set) var totals = Totals()

    public init() {}

    func recordSuccess(_ response: ChatResponse) {
        totals.calls += 1
        totals.attempts += response.attempts
        totals.promptTokens += response.usage.promptTokens ?? 0
        totals.completionTokens += response.usage.completionTokens ?? 0
        totals.latency += response.latency
    }

    func recordFailure(_ failure: ProviderFailure) {
        totals.calls += 1
        totals.failures += 1
        totals.attempts += failure.attempts
        totals.latency += failure.latency
    }
}
