/// Named weights for the criteria a gene (or any item) is scored on, in a fixed order. Each
/// weight is finite and non-negative, names are unique and non-empty, and at least one weight
/// is positive, so a weighted total always means something.
public struct CriterionWeights: Equatable, Sendable {
    public struct Criterion: Equatable, Sendable {
        public let name: String
        public let weight: Double
    }

    public let criteria: [Criterion]

    /// Throws naming the criterion at fault.
    public init(_ weights: [(name: String, weight: Double)]) throws {
        try requireCount(weights, atLeast: 1, "weights")
        var seen = Set<String>()
        for (index, entry) in weights.enumerated() {
            let place = "weights[\(index)]"
            if entry.name.isEmpty { throw ScoringError.invalid(argument: place, reason: "criterion name is empty") }
            if !seen.insert(entry.name).inserted {
                throw ScoringError.invalid(argument: place, reason: "criterion '\(entry.name)' is named twice")
            }
            if !entry.weight.isFinite || entry.weight < 0 {
                throw ScoringError.invalid(argument: place,
                                           reason: "weight \(entry.weight) of '\(entry.name)' is not a finite number >= 0")
            }
        }
        if !weights.contains(where: { $0.weight > 0 }) {
            throw ScoringError.invalid(argument: "weights", reason: "every weight is 0, so every total would be 0")
        }
        criteria = weights.map { Criterion(name: $0.name, weight: $0.weight) }
    }

    /// Weight 1 for each criterion: the plain sum of Toufiq et al. 2023.
    public static func equal(_ names: [String]) throws -> CriterionWeights {
        try CriterionWeights(names.map { (name: $0, weight: 1.0) })
    }

    public var names: [String] { criteria.map(\.name) }

    public func weight(of name: String) -> Double? {
        criteria.first { $0.name == name }?.weight
    }

    /// The same weights with one changed, for sensitivity analyses ("without drug target" is 0).
    public func replacing(_ name: String, with weight: Double) throws -> CriterionWeights {
        guard criteria.contains(where: { $0.name == name }) else {
            throw ScoringError.invalid(argument: "name", reason: "no criterion '\(name)' among \(names)")
        }
        return try CriterionWeights(criteria.map { (name: $0.name, weight: $0.name == name ? weight : $0.weight) })
    }

    /// Sum of weight * score over the criteria. `scores` must hold exactly these criteria, each
    /// finite: a missing or unknown name is an error, not a silent 0. `item` names the scored
    /// item in errors.
    public func total(of scores: [String: Double], item: String = "scores") throws -> Double {
        for name in scores.keys.sorted() where weight(of: name) == nil {
            throw ScoringError.invalid(argument: item, reason: "criterion '\(name)' is not among the weighted \(names)")
        }
        var sum = 0.0
        for criterion in criteria {
            guard let score = scores[criterion.name] else {
                throw ScoringError.invalid(argument: item, reason: "no score for criterion '\(criterion.name)'")
            }
            if !score.isFinite {
                throw ScoringError.invalid(argument: item, reason: "score \(score) for '\(criterion.name)' is not finite")
            }
            sum += criterion.weight * score
        }
        return sum
    }
}
