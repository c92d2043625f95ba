import Genes
import Scoring
import Support

/// The GO-naming benchmark scored: for each set, the model's answers to the real genes, the
/// half-random and the random control; whether the real set's top theme names the GO term
/// (`NameOverlap`), how often each variant gets low confidence (`GONamingAnswer`), and GPT-4's
/// published answers on the same sets under the same rule.
public struct GONamingResult: Sendable {
    public struct Item: Sendable {
        public let set: GONamingSet
        public let answers: [GONamingSet.Variant: GONamingAnswer]
        public let published: PublishedNamingAnswer?

        /// The real set's top theme against the term name: 0 for an answer with no theme (the set
        /// was not named), nil when that call failed.
        public var topOverlap: Double? {
            guard let answer = answers[.real], answer.confidence != nil else { return nil }
            return answer.topName.map { NameOverlap.dice($0, set.name) } ?? 0
        }
        /// Whether any theme of the real answer names the term.
        public var anyThemeNames: Bool { (answers[.real]?.names ?? []).contains { NameOverlap.names($0, term: set.name) } }
    }

    public struct VariantSummary: Sendable {
        public let variant: GONamingSet.Variant
        public let answered: Int
        public let failed: Int
        public let meanConfidence: Double?
        public let lowConfidence: Proportion
    }

    public let items: [Item]
    /// Real sets whose top theme names the term, over the real answers that parsed.
    public let named: Proportion
    /// Real sets where any theme names the term.
    public let namedByAnyTheme: Proportion
    public let meanTopOverlap: Double?
    public let variants: [VariantSummary]
    /// How well the confidence separates real sets (positive) from random ones: the chance a
    /// real set gets more confidence than a random one; nil without answers of both.
    public let realVersusRandomAUROC: Double?
    /// GPT-4's published names on the same sets under the same rule, and its "Name not
    /// assigned" answers (its low-confidence answer on real sets; the published file holds no
    /// answers for the random controls).
    public let publishedNamed: Proportion
    public let publishedMeanConfidence: Double?
    public let publishedNotAssigned: Int
    public let publishedMeanTopOverlap: Double?

    /// - Parameter answers: for each set, in order, the themes answers of the real, half-random
    ///   and random variant (`GONamingSet.Variant.allCases` order).
    public init(sets: [GONamingSet], answers: [[JSONValue]], published: [String: PublishedNamingAnswer]) throws {
        guard sets.count == answers.count, answers.allSatisfy({ $0.count == GONamingSet.Variant.allCases.count }) else {
            throw GeneJobError.answer(step: "themes", item: answers.count,
                                      reason: "expected \(GONamingSet.Variant.allCases.count) answers for each of \(sets.count) sets")
        }
        let items = zip(sets, answers).map { set, list in
            var byVariant: [GONamingSet.Variant: GONamingAnswer] = [:]
            for (variant, answer) in zip(GONamingSet.Variant.allCases, list) { byVariant[variant] = GONamingAnswer(answer) }
            return Item(set: set, answers: byVariant, published: published[set.term])
        }
        self.items = items
        let overlaps = items.compactMap(\.topOverlap)
        named = Proportion(outcomes: overlaps.map { $0 >= NameOverlap.threshold })
        namedByAnyTheme = Proportion(outcomes: items.filter { $0.topOverlap != nil }.map(\.anyThemeNames))
        meanTopOverlap = Self.mean(overlaps)
        variants = GONamingSet.Variant.allCases.map { variant in
            let list = items.compactMap { $0.answers[variant] }
            let confidences = list.compactMap(\.confidence)
            return VariantSummary(variant: variant, answered: confidences.count, failed: list.count - confidences.count,
                                  meanConfidence: Self.mean(confidences),
                                  lowConfidence: Proportion(outcomes: list.compactMap(\.isLowConfidence)))
        }
        var scores: [Double] = [], positives: [Bool] = []
        for item in items {
            for (variant, isReal) in [(GONamingSet.Variant.real, true), (.random, false)] {
                if let confidence = item.answers[variant]?.confidence { scores.append(confidence); positives.append(isReal) }
            }
        }
        realVersusRandomAUROC = scores.isEmpty ? nil : try BinaryScores(scores: scores, positives: positives).areaUnderROC
        let answered = items.compactMap(\.published)
        publishedNamed = Proportion(outcomes: items.compactMap { item in item.published.map { NameOverlap.names($0.name, term: item.set.name) } })
        publishedMeanConfidence = Self.mean(answered.map(\.confidence))
        publishedNotAssigned = answered.filter { $0.bin == "Name not assigned" }.count
        publishedMeanTopOverlap = Self.mean(items.compactMap { item in item.published.map { NameOverlap.dice($0.name, item.set.name) } })
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
