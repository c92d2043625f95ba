/// True positives, false positives and false negatives of one prediction against one reference,
/// or summed over many (pooled, "micro").
///
/// Empty sets, defined so that no 0/0 is reported as a number:
/// - predicted and reference both empty (e.g. "no actionable option", rightly): precision,
///   recall and F are all 1, a perfect answer;
/// - predicted empty, reference not: precision is undefined (nil, not 0), recall 0, F 0;
/// - reference empty, predicted not: recall is undefined (nil), precision 0, F 0.
/// F needs no precision or recall to be defined: (1+b^2)TP / ((1+b^2)TP + b^2 FN + FP) is 0
/// whenever something was predicted or expected and nothing matched.
public struct MatchCounts: Equatable, Hashable, Sendable {
    public let truePositives: Int
    public let falsePositives: Int
    public let falseNegatives: Int

    /// Throws when a count is negative.
    public init(truePositives: Int, falsePositives: Int, falseNegatives: Int) throws {
        for (name, count) in [("truePositives", truePositives), ("falsePositives", falsePositives),
                              ("falseNegatives", falseNegatives)] where count < 0 {
            throw ScoringError.outOfRange(argument: name, index: nil, value: Double(count), expected: "0 or more")
        }
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    init(checked tp: Int, _ fp: Int, _ fn: Int) {
        truePositives = tp; falsePositives = fp; falseNegatives = fn
    }

    public static let zero = MatchCounts(checked: 0, 0, 0)

    /// Sums counts item by item, as the pooled ("micro") scores do.
    public static func + (a: MatchCounts, b: MatchCounts) -> MatchCounts {
        MatchCounts(checked: a.truePositives + b.truePositives, a.falsePositives + b.falsePositives,
                    a.falseNegatives + b.falseNegatives)
    }

    public var predictedCount: Int { truePositives + falsePositives }
    public var referenceCount: Int { truePositives + falseNegatives }
    private var bothEmpty: Bool { predictedCount == 0 && referenceCount == 0 }

    /// TP / predicted; nil when nothing was predicted but something was expected.
    public var precision: Double? {
        if bothEmpty { return 1 }
        return predictedCount == 0 ? nil : Double(truePositives) / Double(predictedCount)
    }

    /// TP / reference; nil when nothing was expected but something was predicted.
    public var recall: Double? {
        if bothEmpty { return 1 }
        return referenceCount == 0 ? nil : Double(truePositives) / Double(referenceCount)
    }

    /// The F-score at `beta`; always defined (see the type's note on empty sets).
    public func fScore(_ beta: FBeta) -> Double {
        if bothEmpty { return 1 }
        let b2 = beta.value * beta.value
        let numerator = (1 + b2) * Double(truePositives)
        return numerator / (numerator + b2 * Double(falseNegatives) + Double(falsePositives))
    }

    public var f1: Double { fScore(.one) }
}
