import Exams
import Provenance
import Support

/// A run's stored replies scored again with the current extractor: no model call. The new scores
/// replace the run's score rows (one per item), and the items whose outcome changed are listed.
public struct ExamRescoring: Sendable {
    public let result: ExamRunResult
    /// The extractor version of the scores the run held before.
    public let previousVersion: String
    /// Items whose outcome kind or label changed, in the set's order.
    public let changed: [String]

    public static func rescore(_ id: RunID, store: ProvenanceStore, extractor: AnswerExtractor = AnswerExtractor()) throws -> ExamRescoring {
        let stored = try StoredExamRun.load(id, store: store)
        let result = try stored.result(store: store, extractor: extractor)
        var before: [String: ScoredItem] = [:]
        for score in try store.scores(run: id) where score.step == "score" && score.metric == "correct" && !score.item.isEmpty {
            before[score.item] = try? ScoredItem(json: score.details)
        }
        let previous = before.values.first?.extractorVersion ?? stored.extractorVersion
        let changed = result.scores.scored.filter { now in
            guard let old = before[now.itemID] else { return true }
            return old.outcome.kind != now.outcome.kind || old.outcome.predictedLabel != now.outcome.predictedLabel
        }.map(\.itemID)
        try ExamRunner.recordScores(result.scores, run: id, store: store, extractor: extractor)
        return ExamRescoring(result: result, previousVersion: previous, changed: changed)
    }
}
