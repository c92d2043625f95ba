import Scoring

/// Scores proposed options against the expert's, as Benary et al. 2023 did and beyond:
/// - pooled: distinct keys across all cases (the paper's pooled precision/recall/F1; 41 expert
///   pairs), one `SetComparison`;
/// - per case: one comparison per case, summarised pooled-by-sum and macro by `SetScoreSummary`.
public struct OptionScorer: Sendable {
    public let normalizer: DrugNormalizer

    public init(normalizer: DrugNormalizer) { self.normalizer = normalizer }

    public func key(_ row: TherapyOptionRow, _ level: OptionMatchLevel) -> OptionKey {
        switch level {
        case .exact: return .exact(alteration: row.alteration, option: row.option.lowercased())
        case .normalized: return .normalized(alteration: AlterationKey.normalize(row.alteration), therapy: normalizer.therapy(row.option))
        case .drugsOnly: return .drugsOnly(caseID: row.caseID, therapy: normalizer.therapy(row.option))
        }
    }

    /// Distinct keys of all predicted rows against those of all reference rows.
    public func pooled(predicted: [TherapyOptionRow], reference: [TherapyOptionRow], level: OptionMatchLevel) -> SetComparison<OptionKey> {
        SetComparison(predicted: predicted, reference: reference) { key($0, level) }
    }

    public struct CaseComparison: Sendable {
        public let caseID: String
        public let comparison: SetComparison<OptionKey>
    }

    /// One comparison per case id that occurs on either side, in sorted order.
    public func perCase(predicted: [TherapyOptionRow], reference: [TherapyOptionRow], level: OptionMatchLevel) -> [CaseComparison] {
        let predictedByCase = Dictionary(grouping: predicted, by: \.caseID)
        let referenceByCase = Dictionary(grouping: reference, by: \.caseID)
        let ids = Set(predictedByCase.keys).union(referenceByCase.keys).sorted { a, b in
            a.count != b.count ? a.count < b.count : a < b  // benary2023-2 before benary2023-10
        }
        return ids.map { id in
            CaseComparison(caseID: id, comparison: pooled(predicted: predictedByCase[id] ?? [], reference: referenceByCase[id] ?? [], level: level))
        }
    }

    /// Pooled and per-case scores of one source at one level.
    public struct Report: Sendable {
        public let level: OptionMatchLevel
        public let pooled: SetComparison<OptionKey>
        public let perCase: [CaseComparison]
        public let summary: SetScoreSummary
    }

    public func report(predicted: [TherapyOptionRow], reference: [TherapyOptionRow], level: OptionMatchLevel) throws -> Report {
        let cases = perCase(predicted: predicted, reference: reference, level: level)
        return Report(level: level, pooled: pooled(predicted: predicted, reference: reference, level: level), perCase: cases,
                      summary: try SetScoreSummary(items: cases.map(\.comparison.counts)))
    }
}
