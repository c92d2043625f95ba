import Provenance
import Support

/// A finished run: its outputs, the items that failed, and what the run cost.
public struct RunResult: Sendable {
    public let runID: RunID
    /// Output name to value; a failed item appears as its `ItemFailure` JSON.
    public let outputs: [String: JSONValue]
    /// Every item failure in the step outputs, in step order.
    public let failures: [ItemFailure]
    public let statistics: RunStatistics

    /// The outputs as one JSON object, the form stored as the run's output artifact.
    public var outputsJSON: JSONValue { .object(outputs) }
}

/// Counts and timings of one run (or one resumption).
public struct RunStatistics: Sendable, Equatable {
    /// Calls the provider answered (or failed) during this execution.
    public var providerCalls = 0
    /// Calls answered from another run's stored answer.
    public var cacheHits = 0
    /// Calls taken from this run's own records (a resumed run's finished calls).
    public var replayedCalls = 0
    /// Wall-clock seconds of the execution.
    public var seconds = 0.0
    /// Seconds spent inside provenance store calls (SQLite and the hashing around it).
    public var storeSeconds = 0.0

    public init() {}

    /// Calls recorded or reused in all.
    public var calls: Int { providerCalls + cacheHits + replayedCalls }
}
