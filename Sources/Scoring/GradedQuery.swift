import Foundation

/// A ranked answer against graded relevance (0 = not relevant, higher = more), for nDCG.
/// Items the ranking misses still count toward the ideal ordering.
public struct GradedQuery<Key: Hashable & Sendable>: Sendable {
    /// How a relevance grade becomes a gain.
    public enum Gain: Sendable {
        /// gain = relevance (Järvelin and Kekäläinen 2002; sklearn's `ndcg_score`).
        case linear
        /// gain = 2^relevance - 1 (Burges et al. 2005), which stresses the top grades.
        case exponential
    }

    public let ranked: [Key]
    public let relevance: [Key: Double]

    /// Throws on an item ranked twice, or a relevance that is negative or not finite.
    public init(ranked: [Key], relevance: [Key: Double]) throws {
        try requireUnique(ranked, "ranked")
        for (key, grade) in relevance where !grade.isFinite || grade < 0 {
            throw ScoringError.invalid(argument: "relevance", reason: "grade \(grade) of \(key) is not a finite number >= 0")
        }
        self.ranked = ranked
        self.relevance = relevance
    }

    /// DCG of the first k ranked items over DCG of the best possible first k, with the
    /// log2(position + 1) discount; nil when no item has a positive grade (the ideal DCG is 0).
    public func normalizedDCG(atK k: Int, gain: Gain = .linear) throws -> Double? {
        try requirePositive(k, "k")
        let ideal = Self.dcg(relevance.values.sorted(by: >).prefix(k), gain)
        if ideal == 0 { return nil }
        return Self.dcg(ranked.prefix(k).map { relevance[$0] ?? 0 }, gain) / ideal
    }

    private static func dcg<S: Sequence>(_ grades: S, _ gain: Gain) -> Double where S.Element == Double {
        var sum = 0.0
        for (index, grade) in grades.enumerated() {
            let g = gain == .linear ? grade : pow(2, grade) - 1
            sum += g / log2(Double(index + 2))
        }
        return sum
    }
}
