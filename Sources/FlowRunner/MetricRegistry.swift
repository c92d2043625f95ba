import Support
import Workflow

/// A metric a `score` step may name: a pure function of prediction, reference and arguments.
/// The Scoring target registers its metrics through this protocol; the engine ships the few it
/// needs itself (set precision, recall, F1 and accuracy).
public protocol FlowMetric: Sendable {
    var name: String { get }
    var summary: String { get }
    /// The argument names the metric accepts (checked when the flow is loaded).
    var arguments: Set<String> { get }
    func score(_ input: MetricInput) throws -> MetricResult
}

/// What a metric compares. The prediction may be a failure (`ItemFailure`) or a list holding
/// some: metrics count them rather than skip them silently.
public struct MetricInput: Sendable {
    public let prediction: JSONValue
    public let reference: JSONValue
    public let arguments: [String: JSONValue]

    public init(prediction: JSONValue, reference: JSONValue, arguments: [String: JSONValue] = [:]) {
        self.prediction = prediction
        self.reference = reference
        self.arguments = arguments
    }

    /// The prediction as items, each a value or a failure. A whole failed prediction is no items
    /// and its failure; a value that is not a list is one item.
    public var predictionItems: (items: [PredictedItem], failedWhole: ItemFailure?) {
        if let failure = ItemFailure(json: prediction) { return ([], failure) }
        guard case .array(let values) = prediction else { return ([.value(prediction)], nil) }
        return (values.map { value in ItemFailure(json: value).map(PredictedItem.failed) ?? .value(value) }, nil)
    }
}

/// One predicted item as a metric sees it.
public enum PredictedItem: Equatable, Sendable {
    case value(JSONValue)
    case failed(ItemFailure)

    public var value: JSONValue? {
        if case .value(let value) = self { return value }
        return nil
    }

    public var isFailed: Bool { value == nil }
}

/// A metric's value with what it was computed from (counts, failures), stored with the score.
public struct MetricResult: Equatable, Sendable {
    public let value: Double
    public let details: [String: JSONValue]

    public init(value: Double, details: [String: JSONValue] = [:]) {
        self.value = value
        self.details = details
    }
}

/// Why a metric cannot be computed on these values; names the metric and the argument or side.
public struct MetricError: Error, Equatable, CustomStringConvertible {
    public let metric: String
    public let reason: String

    public init(metric: String, reason: String) {
        self.metric = metric
        self.reason = reason
    }

    public var description: String { "metric \(metric): \(reason)" }
}

/// The metrics the engine can compute, by name. Its catalog is what flows are checked against,
/// so a flow naming a metric nobody registered is refused at load, before any call.
public struct MetricRegistry: Sendable {
    public private(set) var metrics: [String: any FlowMetric] = [:]

    public init(_ metrics: [any FlowMetric] = []) {
        for metric in metrics { register(metric) }
    }

    public mutating func register(_ metric: any FlowMetric) { metrics[metric.name] = metric }

    public func metric(named name: String) -> (any FlowMetric)? { metrics[name] }

    /// The catalog to load flows with (`CheckedFlow.load(file:metrics:)`).
    public var catalog: MetricCatalog {
        MetricCatalog(metrics.values.sorted { $0.name < $1.name }
            .map { MetricCatalog.Metric(name: $0.name, summary: $0.summary, arguments: $0.arguments) })
    }

    /// Set precision, recall and F1, and accuracy.
    public static let standard = MetricRegistry([
        SetMetric(.precision), SetMetric(.recall), SetMetric(.f1), AccuracyMetric(),
    ])
}
