import Foundation
import Provenance

/// The run's store with a stopwatch on every call: how much of a run SQLite takes is reported
/// with the run (and measured by the provenance benchmark).
///
/// Calls go through one lock, timed inside it: the store serializes its connection anyway, and
/// timing inside the lock counts each store call once, not once per task waiting for it, so the
/// total never exceeds the run's wall-clock time.
final class TimedStore: @unchecked Sendable {
    let store: ProvenanceStore
    private let lock = NSLock()
    private var nanoseconds: UInt64 = 0

    init(_ store: ProvenanceStore) { self.store = store }

    var seconds: Double {
        lock.lock()
        defer { lock.unlock() }
        return Double(nanoseconds) / 1e9
    }

    /// Runs one store operation, adding its duration to the total.
    @discardableResult
    func callAsFunction<T>(_ body: (ProvenanceStore) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds += DispatchTime.now().uptimeNanoseconds - start }
        return try body(store)
    }
}
