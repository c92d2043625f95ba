import Support

/// What a step produced for an item it could not answer: the answer was still invalid after the
/// re-ask, the provider failed, the item's prompt could not be rendered, or a value it reads had
/// already failed. The run goes on; later steps see the failure and scores count it.
///
/// Inside the run's values (step outputs, artifacts, flow outputs) a failure is the JSON object
/// `{"$failure": {"step": ..., "item": ..., "kind": ..., "reason": ...}}`, so it travels through
/// the same JSON the transforms and templates read, and is recognisable there.
public struct ItemFailure: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// The answer parsed as JSON but broke the schema, twice.
        case invalid
        /// The answer was not JSON, after the re-ask too (or once, followed by an invalid one).
        case unparseable
        /// The provider gave no answer (transport, HTTP, timeout, refusal) after its retries.
        case providerFailed = "provider_failed"
        /// The item's prompt could not be rendered from its inputs.
        case input
        /// A value the step reads is itself a failure.
        case upstream
    }

    /// The step that failed (for a map: the map step).
    public let step: String
    /// The item within the step ("" for a single call): map index, then `.rN` for a replicate.
    public let item: String
    public let kind: Kind
    public let reason: String

    public init(step: String, item: String, kind: Kind, reason: String) {
        self.step = step
        self.item = item
        self.kind = kind
        self.reason = reason
    }

    /// The reserved key that marks a failure inside run values.
    public static let marker = "$failure"

    public var json: JSONValue {
        .object([ItemFailure.marker: .object([
            "step": .string(step), "item": .string(item), "kind": .string(kind.rawValue), "reason": .string(reason),
        ])])
    }

    /// The failure a value holds, if it is one (exactly the marker object, nothing else).
    public init?(json: JSONValue) {
        guard case .object(let outer) = json, outer.count == 1, case .object(let fields)? = outer[ItemFailure.marker],
              let step = fields["step"]?.stringValue, let item = fields["item"]?.stringValue,
              let kind = fields["kind"]?.stringValue.flatMap(Kind.init(rawValue:)), let reason = fields["reason"]?.stringValue
        else { return nil }
        self.init(step: step, item: item, kind: kind, reason: reason)
    }

    public var description: String {
        let place = item.isEmpty ? step : "\(step)[\(item)]"
        return "\(place): \(kind.rawValue): \(reason)"
    }

    /// Every failure inside a value (a failure itself, or failures among list items and object
    /// members, recursively), in document order.
    public static func all(in value: JSONValue) -> [ItemFailure] {
        if let failure = ItemFailure(json: value) { return [failure] }
        switch value {
        case .array(let items): return items.flatMap { all(in: $0) }
        case .object(let members): return members.keys.sorted().flatMap { all(in: members[$0] ?? .null) }
        default: return []
        }
    }
}
