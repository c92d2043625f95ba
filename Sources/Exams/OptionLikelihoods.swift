import Scoring

/// Scoring mode (a): the log-likelihood a local model gives each option's text after the
/// question. The sum favours short options, so the length-normalized score (sum / length, as
/// lm-evaluation-harness's acc_norm with length in bytes or tokens) is reported beside it.
public struct OptionLikelihood: Equatable, Sendable {
    public let label: String
    /// Sum of the log-probabilities of the option's tokens.
    public let logLikelihood: Double
    /// The option's length in the unit the run records (tokens or UTF-8 bytes); at least 1.
    public let length: Int

    public init(label: String, logLikelihood: Double, length: Int) {
        self.label = label
        self.logLikelihood = logLikelihood
        self.length = length
    }
}

/// One item's choice under both rules. Ties go to the first option in order.
public struct LikelihoodChoice: Equatable, Sendable {
    public let predicted: String
    public let predictedNormalized: String

    /// Throws on fewer than 2 options, a duplicate label, a NaN or +infinity sum, or a length < 1.
    public init(_ options: [OptionLikelihood]) throws {
        if options.count < 2 { throw ScoringError.tooFew(argument: "options", minimum: 2, found: options.count) }
        var seen: Set<String> = []
        for (index, option) in options.enumerated() {
            if !seen.insert(option.label).inserted {
                throw ScoringError.invalid(argument: "options", reason: "label \(option.label) appears twice")
            }
            if option.logLikelihood.isNaN || option.logLikelihood == .infinity {
                throw ScoringError.notFinite(argument: "options.logLikelihood", index: index)
            }
            if option.length < 1 {
                throw ScoringError.outOfRange(argument: "options.length", index: index, value: Double(option.length), expected: "1 or more")
            }
        }
        predicted = Self.argmax(options) { $0.logLikelihood }
        predictedNormalized = Self.argmax(options) { $0.logLikelihood / Double($0.length) }
    }

    private static func argmax(_ options: [OptionLikelihood], _ score: (OptionLikelihood) -> Double) -> String {
        var best = options[0]
        for option in options.dropFirst() where score(option) > score(best) { best = option }
        return best.label
    }
}

/// Accuracy and length-normalized accuracy of mode (a) over a run.
public struct LikelihoodAccuracy: Equatable, Sendable {
    public let accuracy: Proportion
    public let normalizedAccuracy: Proportion

    public init(_ items: [(LikelihoodChoice, key: String)]) {
        accuracy = Proportion(outcomes: items.map { $0.0.predicted == $0.key })
        normalizedAccuracy = Proportion(outcomes: items.map { $0.0.predictedNormalized == $0.key })
    }
}
