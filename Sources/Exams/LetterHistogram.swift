/// How often each label was predicted against how often it is the key: a model that answers
/// "A" to everything shows here before it shows anywhere else.
public struct LetterHistogram: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public let label: String
        public let predicted: Int
        public let key: Int
    }

    /// In label order (A, B, ... or yes, no, maybe as first seen).
    public let rows: [Row]
    /// Items with no predicted label (unparseable, empty, refusal, transport error).
    public let unanswered: Int

    /// `scored` and `items` are matched by item id; items without a score count only as keys.
    public init(scored: [ScoredItem], items: [ExamItem]) {
        var labels: [String] = []
        var predicted: [String: Int] = [:]
        var keys: [String: Int] = [:]
        for item in items {
            for label in item.labels where !labels.contains(label) { labels.append(label) }
            if let key = item.key { keys[key, default: 0] += 1 }
        }
        var unanswered = 0
        for score in scored {
            guard let label = score.outcome.predictedLabel else { unanswered += 1; continue }
            if !labels.contains(label) { labels.append(label) }
            predicted[label, default: 0] += 1
        }
        rows = labels.map { Row(label: $0, predicted: predicted[$0] ?? 0, key: keys[$0] ?? 0) }
        self.unanswered = unanswered
    }
}

/// What a model with no knowledge would score, printed beside every score.
public struct Baselines: Equatable, Sendable {
    /// The label that is most often the key (first in label order on a tie) and its accuracy
    /// if always answered. Chosen on the scored items themselves, so it is an optimistic
    /// baseline: the best any constant answer could do.
    public let bestConstantLabel: String?
    public let constantAccuracy: Double?
    /// The expected accuracy of a uniform random guess: the mean of 1/k over items.
    public let uniformAccuracy: Double?

    public init(items: [ExamItem]) {
        let keyed = items.filter { $0.key != nil && !$0.options.isEmpty }
        guard !keyed.isEmpty else {
            bestConstantLabel = nil; constantAccuracy = nil; uniformAccuracy = nil
            return
        }
        var order: [String] = []
        var counts: [String: Int] = [:]
        for item in keyed {
            for label in item.labels where !order.contains(label) { order.append(label) }
            if let key = item.key { counts[key, default: 0] += 1 }
        }
        let best = order.max { (counts[$0] ?? 0, -(order.firstIndex(of: $0) ?? 0)) < (counts[$1] ?? 0, -(order.firstIndex(of: $1) ?? 0)) }
        bestConstantLabel = best
        constantAccuracy = Double(best.flatMap { counts[$0] } ?? 0) / Double(keyed.count)
        uniformAccuracy = keyed.reduce(0.0) { $0 + 1 / Double($1.options.count) } / Double(keyed.count)
    }
}
