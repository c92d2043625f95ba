import Foundation

/// Exam mode (b) on a remote endpoint: each label's log-probability read from the first answer token's
/// top alternatives (`ChatRequest.topLogprobs`, read into `ChatResponse.firstTokenLogprobs` as
/// (token, logprob) pairs), by the rule `LocalExamScorer` uses locally.
///
/// A label's value is the log-sum-exp of the alternatives whose token, with surrounding whitespace
/// removed, is the label (" B" and "B" are one answer). Word labels (yes/no/maybe) also match
/// regardless of case ("Yes"); one-letter labels match exactly, since "a" is more often an article
/// than an answer. A label missing from the top list gets -infinity: its probability is below the
/// least likely alternative shown, and `LetterProbabilities` then gives it 0 (and fails, as it
/// should, when no label is in the list at all).
public enum TopLogprobLabels {
    public static func logProbabilities(_ alternatives: [(token: String, logprob: Double)], labels: [String]) -> [String: Double] {
        var values: [String: [Double]] = [:]
        for alternative in alternatives {
            let token = alternative.token.trimmingCharacters(in: .whitespacesAndNewlines)
            for label in labels where token == label || (label.count > 1 && token.lowercased() == label.lowercased()) {
                values[label, default: []].append(alternative.logprob)
            }
        }
        var result: [String: Double] = [:]
        for label in labels { result[label] = LocalExamScorer.logSumExp(values[label] ?? []) }
        return result
    }
}
