import Exams

/// Pairs two runs on the same set for `consilium bench compare`.
public enum ExamRunComparison {
    /// McNemar's exact test, a paired-bootstrap interval of the difference, Holm across the values
    /// of `tag`, and the smallest detectable difference. Throws unless both runs asked the same
    /// set (same sha256) and share at least one scored item.
    public static func compare(_ first: ExamRunResult, _ second: ExamRunResult, tag: String? = nil) throws -> ComparisonReport {
        let a = first.plan.dataset.identity.hex, b = second.plan.dataset.identity.hex
        guard a == b else {
            throw ExamRunError.invalidSettings("run \(first.runID) asked \(first.plan.dataset.name) (sha256 \(a.prefix(16))) "
                + "and run \(second.runID) asked \(second.plan.dataset.name) (sha256 \(b.prefix(16))): a paired comparison needs the same set")
        }
        return try ComparisonReport(first: first.runScores, second: second.runScores, dataset: first.plan.dataset, tag: tag)
    }
}
