/// Precision, recall and F over many items (patients, cases, modules), pooled and averaged.
///
/// - Pooled ("micro"): counts summed over items, then scored as one; the convention of Benary
///   et al. 2023 for their per-model F1.
/// - Macro: the mean of each item's score over the items where it is defined. Items whose
///   precision (nothing predicted) or recall (nothing expected) is undefined are left out of
///   that mean and counted, so a report can say "precision over 8 of 10 patients". The macro
///   F is the mean of the items' F-scores (every item has one), not the F of the macro means.
public struct SetScoreSummary: Equatable, Sendable {
    public let beta: FBeta
    public let itemCount: Int
    public let pooled: MatchCounts
    public let pooledPrecision: Double?
    public let pooledRecall: Double?
    public let pooledFScore: Double
    /// nil when no item has a defined precision.
    public let macroPrecision: Double?
    public let macroRecall: Double?
    public let macroFScore: Double
    /// Items with nothing predicted but something expected.
    public let itemsWithUndefinedPrecision: Int
    /// Items with nothing expected but something predicted.
    public let itemsWithUndefinedRecall: Int
    /// Items where both sides were empty (scored as perfect).
    public let itemsWithBothEmpty: Int

    /// Throws when `items` is empty: a summary of nothing has no meaning.
    public init(items: [MatchCounts], beta: FBeta = .one) throws {
        try requireCount(items, atLeast: 1, "items")
        self.beta = beta
        itemCount = items.count
        pooled = items.reduce(.zero, +)
        pooledPrecision = pooled.precision
        pooledRecall = pooled.recall
        pooledFScore = pooled.fScore(beta)
        let precisions = items.compactMap(\.precision)
        let recalls = items.compactMap(\.recall)
        macroPrecision = Self.mean(precisions)
        macroRecall = Self.mean(recalls)
        macroFScore = items.map { $0.fScore(beta) }.reduce(0, +) / Double(items.count)
        itemsWithUndefinedPrecision = items.count - precisions.count
        itemsWithUndefinedRecall = items.count - recalls.count
        itemsWithBothEmpty = items.filter { $0.predictedCount == 0 && $0.referenceCount == 0 }.count
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
