/// The metrics a `score` step may name, with the arguments each accepts. The scoring functions
/// themselves live elsewhere (pure, in Scoring); the engine registers each it can run, and the flow
/// check rejects a metric that is not in the catalog it is given.
public struct MetricCatalog: Sendable {
    public struct Metric: Sendable {
        public let name: String
        public let summary: String
        public let arguments: Set<String>

        public init(name: String, summary: String, arguments: Set<String> = []) {
            self.name = name
            self.summary = summary
            self.arguments = arguments
        }
    }

    public private(set) var metrics: [String: Metric] = [:]

    public init(_ metrics: [Metric] = []) {
        for metric in metrics { register(metric) }
    }

    public mutating func register(_ metric: Metric) { metrics[metric.name] = metric }

    /// The metrics the benchmarks plan to use. `field` compares lists of objects by one field;
    /// `k` cuts a ranked prediction before comparing.
    public static let standard = MetricCatalog([
        Metric(name: "precision", summary: "share of predicted items in the reference set", arguments: ["field", "k"]),
        Metric(name: "recall", summary: "share of reference items that were predicted", arguments: ["field", "k"]),
        Metric(name: "f1", summary: "harmonic mean of precision and recall over sets", arguments: ["field", "k"]),
        Metric(name: "jaccard", summary: "intersection over union of two sets", arguments: ["field"]),
        Metric(name: "accuracy", summary: "share of positions where prediction equals reference", arguments: ["field"]),
        Metric(name: "exact_match", summary: "1 when prediction equals reference, else 0", arguments: ["field"]),
        Metric(name: "mean_reciprocal_rank", summary: "1/rank of the first reference item in a ranked prediction", arguments: ["field"]),
        Metric(name: "ndcg", summary: "normalised discounted cumulative gain of a ranked prediction", arguments: ["field", "k"]),
    ])
}
