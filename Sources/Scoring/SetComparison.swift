/// One item's predicted set against its reference set, matched by a key the caller chooses:
/// the exact (alteration, option text) pair, (alteration, normalized drug set), or drugs only.
/// Each side counts as a set: a key predicted twice is one prediction.
public struct SetComparison<Key: Hashable & Sendable>: Equatable, Sendable {
    /// Keys on both sides (true positives).
    public let matched: Set<Key>
    /// Reference keys that were not predicted (false negatives).
    public let missed: Set<Key>
    /// Predicted keys not in the reference (false positives).
    public let spurious: Set<Key>

    public init(predicted: Set<Key>, reference: Set<Key>) {
        matched = predicted.intersection(reference)
        missed = reference.subtracting(predicted)
        spurious = predicted.subtracting(reference)
    }

    /// Matches elements through `key`, e.g. `{ MatchKey(alteration: $0.alteration, drugs: Set($0.drugs)) }`.
    public init<Element>(predicted: [Element], reference: [Element], key: (Element) throws -> Key) rethrows {
        self.init(predicted: Set(try predicted.map(key)), reference: Set(try reference.map(key)))
    }

    public var counts: MatchCounts {
        MatchCounts(checked: matched.count, spurious.count, missed.count)
    }
}
