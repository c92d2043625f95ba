import Exams

/// The two local scoring modes an exam run can use on a model whose next-token distribution is
/// readable: (a) each option's log-likelihood as the continuation of the prompt, (b) the
/// distribution of the next token over the option letters. `LocalExamScorer` serves a GGUF model.
public protocol LocalItemScoring: Sendable {
    /// Mode (a): per option of `item` (in the item's order), the summed log-probability of its
    /// continuation text and that text's length, after `ExamPrompt.render(item, exemplars:, mode: .likelihood)`.
    func optionLikelihoods(for item: ExamItem, exemplars: [ExamItem]) throws -> [OptionLikelihood]

    /// Mode (b): the natural-log probability of each option label as the next token after
    /// `ExamPrompt.render(item, exemplars:, mode: .nextToken)`, keyed by label.
    func letterLogProbabilities(for item: ExamItem, exemplars: [ExamItem]) throws -> [String: Double]
}
