import Scoring

/// Scores answers to `FDAQuestion`s the way we read Jun et al. 2025 (its full methods were not
/// at hand; the definitions are ours, stated here): therapies are compared as sets of normalized
/// drugs (a combination must be complete to count), per question:
/// - exact match: the answer names at least one approved therapy with all of its drugs;
/// - partial match: the answer shares at least one drug with an approved therapy (naming
///   dabrafenib for dabrafenib + trametinib is partial), exact matches included;
/// and pooled over questions, precision (named therapies that are approved / named therapies),
/// recall (approved therapies named / approved therapies) and F1. An unusable answer (it did not
/// parse) names nothing: no match, and its approved therapies count as missed.
public struct FDAAnswerScore: Sendable {
    public struct Item: Sendable {
        public let questionID: String
        public let exact: Bool
        public let partial: Bool
        public let counts: MatchCounts
        public let usable: Bool
    }

    public let items: [Item]
    public let pooled: MatchCounts

    public var questions: Int { items.count }
    public var unusable: Int { items.filter { !$0.usable }.count }
    public var exactAccuracy: Double? { items.isEmpty ? nil : Double(items.filter(\.exact).count) / Double(items.count) }
    public var partialAccuracy: Double? { items.isEmpty ? nil : Double(items.filter(\.partial).count) / Double(items.count) }

    /// `answers[question id]`: the therapies named (each a list of drug names), or nil when the
    /// answer was unusable.
    public init(questions: [FDAQuestion], answers: [String: [[String]]?], normalizer: DrugNormalizer) throws {
        var items: [Item] = []
        var tp = 0, fp = 0, fn = 0
        for q in questions {
            let expected = Set(q.therapies.map { normalizer.therapy($0.joined(separator: " + ")) })
            let named = (answers[q.id] ?? nil).map { Set($0.map { normalizer.therapy($0.joined(separator: " + ")) }).subtracting([[]]) }
            let predicted = named ?? []
            let hits = predicted.intersection(expected).count
            let expectedDrugs = expected.reduce(Set<DrugNormalizer.Component>()) { $0.union($1) }
            let partial = predicted.contains { !$0.isDisjoint(with: expectedDrugs) }
            let counts = try MatchCounts(truePositives: hits, falsePositives: predicted.count - hits, falseNegatives: expected.count - hits)
            tp += counts.truePositives; fp += counts.falsePositives; fn += counts.falseNegatives
            items.append(Item(questionID: q.id, exact: hits > 0, partial: partial, counts: counts, usable: named != nil))
        }
        self.items = items
        pooled = try MatchCounts(truePositives: tp, falsePositives: fp, falseNegatives: fn)
    }
}
