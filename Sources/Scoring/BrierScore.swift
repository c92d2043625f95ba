/// The Brier score (Brier 1950): the mean squared distance between forecast probabilities and
/// what happened. 0 is perfect; lower is better.
public enum BrierScore {
    /// Binary: mean of (p - outcome)^2, in [0, 1]. `probabilities[i]` is the forecast that
    /// `outcomes[i]` is true (for an exam item: the probability given to being correct).
    public static func binary(probabilities: [Double], outcomes: [Bool]) throws -> Double {
        try requireCount(probabilities, atLeast: 1, "probabilities")
        try requireSameCount(probabilities, "probabilities", outcomes, "outcomes")
        try requireProbabilities(probabilities, "probabilities")
        let sum = zip(probabilities, outcomes).reduce(0.0) { total, pair in
            let d = pair.0 - (pair.1 ? 1 : 0)
            return total + d * d
        }
        return sum / Double(probabilities.count)
    }

    /// Multi-class, Brier's original form: the mean over items of the sum over options of
    /// (p_option - [option is the answer])^2, in [0, 2]. Each row of `probabilities` is one
    /// item's distribution over its options (summing to 1 within 1e-6); `answers[i]` the index
    /// of the right option.
    public static func multiclass(probabilities: [[Double]], answers: [Int]) throws -> Double {
        try requireCount(probabilities, atLeast: 1, "probabilities")
        try requireSameCount(probabilities, "probabilities", answers, "answers")
        var total = 0.0
        for (row, (distribution, answer)) in zip(probabilities, answers).enumerated() {
            let name = "probabilities[\(row)]"
            try requireCount(distribution, atLeast: 2, name)
            try requireProbabilities(distribution, name)
            // Tolerance: rows renormalized over a few option letters carry rounding of ~1e-16 each.
            let sum = distribution.reduce(0, +)
            if abs(sum - 1) > 1e-6 {
                throw ScoringError.invalid(argument: name, reason: "sums to \(sum), not 1")
            }
            if !distribution.indices.contains(answer) {
                throw ScoringError.outOfRange(argument: "answers", index: row, value: Double(answer),
                                              expected: "0..<\(distribution.count) (the row's options)")
            }
            for (option, p) in distribution.enumerated() {
                let d = p - (option == answer ? 1 : 0)
                total += d * d
            }
        }
        return total / Double(probabilities.count)
    }
}
