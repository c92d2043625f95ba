import Foundation
import Scoring

/// Scoring mode (b): the next-token distribution restricted to an item's valid labels. The
/// log-probabilities are renormalized over the labels (softmax), which gives the probabilities
/// used for the Brier score and calibration; the prediction is the most probable label.
public struct LetterProbabilities: Equatable, Sendable {
    /// In the item's option order.
    public let labels: [String]
    /// Sums to 1 over `labels`.
    public let probabilities: [Double]
    /// The most probable label; on an exact tie, the first in option order.
    public let predicted: String
    /// The probability of `predicted`.
    public var confidence: Double { probabilities[labels.firstIndex(of: predicted) ?? 0] }

    /// `logProbabilities` must hold every label (a top-k list that left one out is the caller's
    /// decision to fill, e.g. with -infinity); -infinity means probability 0. Throws on a
    /// missing label, NaN or +infinity, or when every label is -infinity.
    public init(logProbabilities: [String: Double], labels: [String]) throws {
        try requireNonEmpty(labels)
        var values: [Double] = []
        for label in labels {
            guard let value = logProbabilities[label] else {
                throw ScoringError.invalid(argument: "logProbabilities", reason: "no value for label \(label)")
            }
            if value.isNaN || value == .infinity {
                throw ScoringError.notFinite(argument: "logProbabilities[\(label)]", index: nil)
            }
            values.append(value)
        }
        guard let top = values.max(), top > -.infinity else {
            throw ScoringError.invalid(argument: "logProbabilities", reason: "every label has probability 0")
        }
        // Subtracting the maximum keeps exp() in range (log-sum-exp).
        let weights = values.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        probabilities = weights.map { $0 / total }
        self.labels = labels
        predicted = labels[values.firstIndex(of: top) ?? 0]
    }
}

/// Calibration of mode (b) over a run: multi-class Brier score and expected calibration error
/// (of the predicted label's probability against being right), via Scoring.
public struct CalibrationSummary: Equatable, Sendable {
    public let itemCount: Int
    public let accuracy: Double
    public let brierScore: Double
    public let report: CalibrationReport
    public var expectedCalibrationError: Double { report.expectedCalibrationError }

    /// Each pair is an item's distribution and its key. Throws when a key is not among its labels.
    public init(_ items: [(LetterProbabilities, key: String)], binCount: Int = 10) throws {
        try requireNonEmpty(items)
        var rows: [[Double]] = [], answers: [Int] = [], confidences: [Double] = [], correct: [Bool] = []
        for (index, (distribution, key)) in items.enumerated() {
            guard let answer = distribution.labels.firstIndex(of: key) else {
                throw ScoringError.invalid(argument: "items[\(index)]", reason: "key \(key) is not among the labels \(distribution.labels)")
            }
            rows.append(distribution.probabilities)
            answers.append(answer)
            confidences.append(min(1, max(0, distribution.confidence)))
            correct.append(distribution.predicted == key)
        }
        itemCount = items.count
        accuracy = Double(correct.filter { $0 }.count) / Double(items.count)
        brierScore = try BrierScore.multiclass(probabilities: rows, answers: answers)
        report = try CalibrationReport(confidences: confidences, correct: correct, binCount: binCount)
    }
}

func requireNonEmpty<T>(_ values: [T], _ name: String = "items") throws {
    if values.isEmpty { throw ScoringError.tooFew(argument: name, minimum: 1, found: 0) }
}
