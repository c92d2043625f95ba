import Support

/// Precision, recall or F1 between the set of predicted items and the set of reference items.
///
/// Arguments: `field` compares objects by that field (items that are not objects compare whole;
/// an object without the field is an error naming its index); `k` keeps the first k predicted
/// items (failed ones included in the count) before comparing. Failed items predict nothing; their
/// number is stored with the score. Precision of an empty prediction is 0; recall needs a
/// non-empty reference.
public struct SetMetric: FlowMetric {
    public enum Kind: String, Sendable {
        case precision, recall, f1
    }

    public let kind: Kind
    public var name: String { kind.rawValue }
    public let arguments: Set<String> = ["field", "k"]

    public init(_ kind: Kind) { self.kind = kind }

    public var summary: String {
        switch kind {
        case .precision: return "share of predicted items in the reference set"
        case .recall: return "share of reference items that were predicted"
        case .f1: return "harmonic mean of precision and recall over sets"
        }
    }

    public func score(_ input: MetricInput) throws -> MetricResult {
        let field = input.arguments["field"]?.stringValue
        var (items, failedWhole) = input.predictionItems
        if let k = input.arguments["k"] {
            guard let count = k.intValue, count >= 0 else { throw MetricError(metric: name, reason: "k must be a non-negative integer, found \(k)") }
            items = Array(items.prefix(count))
        }
        let failed = items.filter(\.isFailed).count + (failedWhole == nil ? 0 : 1)
        let predicted = try Set(items.enumerated().compactMap { index, item in
            try item.value.map { try Self.key($0, field: field, index: index, side: "prediction", metric: name) }
        })
        guard case .array(let referenceItems) = input.reference else {
            throw MetricError(metric: name, reason: "the reference must be a list, found \(input.reference.typeName)")
        }
        let reference = try Set(referenceItems.enumerated().map { index, item in
            try Self.key(item, field: field, index: index, side: "reference", metric: name)
        })
        let hits = predicted.intersection(reference).count
        let precision = predicted.isEmpty ? 0 : Double(hits) / Double(predicted.count)
        if kind != .precision, reference.isEmpty {
            throw MetricError(metric: name, reason: "the reference list is empty, so \(name) is undefined")
        }
        let recall = reference.isEmpty ? 0 : Double(hits) / Double(reference.count)
        let value: Double
        switch kind {
        case .precision: value = precision
        case .recall: value = recall
        case .f1: value = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        }
        var details: [String: JSONValue] = [
            "predicted": .number(Double(predicted.count)), "reference": .number(Double(reference.count)),
            "hits": .number(Double(hits)), "failed_items": .number(Double(failed)),
        ]
        if let field { details["field"] = .string(field) }
        if let k = input.arguments["k"] { details["k"] = k }
        return MetricResult(value: value, details: details)
    }

    /// The comparison key of one item: the field's value for objects, the item otherwise.
    static func key(_ item: JSONValue, field: String?, index: Int, side: String, metric: String) throws -> String {
        guard let field, case .object(let members) = item else { return item.canonicalText }
        guard let value = members[field] else {
            throw MetricError(metric: metric, reason: "\(side) item \(index) has no field \"\(field)\" (fields: \(members.keys.sorted().joined(separator: ", ")))")
        }
        return value.canonicalText
    }
}
