import Support

/// The share of positions where the prediction equals the reference. Lists are compared item by
/// item and must have the same length; any other values count as one position. `field`
/// compares objects by that field. A failed item is wrong at its position; a whole failed
/// prediction is wrong everywhere. The number of failed positions is stored with the score.
public struct AccuracyMetric: FlowMetric {
    public let name = "accuracy"
    public let summary = "share of positions where prediction equals reference"
    public let arguments: Set<String> = ["field"]

    public init() {}

    public func score(_ input: MetricInput) throws -> MetricResult {
        let field = input.arguments["field"]?.stringValue
        let reference: [JSONValue]
        if case .array(let items) = input.reference { reference = items } else { reference = [input.reference] }
        var (items, failedWhole) = input.predictionItems
        if let failure = failedWhole { items = Array(repeating: .failed(failure), count: reference.count) }
        if case .array = input.reference {} else if failedWhole == nil, case .array = input.prediction {
            throw MetricError(metric: name, reason: "the prediction is a list but the reference is \(input.reference.typeName)")
        }
        guard !reference.isEmpty else { throw MetricError(metric: name, reason: "the reference list is empty, so accuracy is undefined") }
        guard items.count == reference.count else {
            throw MetricError(metric: name, reason: "the prediction has \(items.count) items but the reference has \(reference.count)")
        }
        var correct = 0
        for (index, (predicted, expected)) in zip(items, reference).enumerated() {
            guard let predicted = predicted.value else { continue }
            let a = try SetMetric.key(predicted, field: field, index: index, side: "prediction", metric: name)
            let b = try SetMetric.key(expected, field: field, index: index, side: "reference", metric: name)
            if a == b { correct += 1 }
        }
        let failed = items.filter(\.isFailed).count
        var details: [String: JSONValue] = [
            "correct": .number(Double(correct)), "total": .number(Double(reference.count)), "failed_items": .number(Double(failed)),
        ]
        if let field { details["field"] = .string(field) }
        return MetricResult(value: Double(correct) / Double(reference.count), details: details)
    }
}
