import Scoring
import Support

/// How far several raters' scores for the same genes agree on one criterion: the replicates of
/// a run, or two runs (two models). With more than two raters the pairwise measures are the
/// mean over every pair of raters where the measure is defined (a rater who gave every gene the
/// same score has no correlation); the ICC takes all raters at once.
public struct CriterionAgreement: Sendable {
    public let criterion: String
    public let genes: Int
    public let raters: Int
    public let pearson: Double?
    public let spearman: Double?
    /// ICC(A,1): absolute agreement of a single rater (two-way).
    public let icc: Double?
    /// Cohen's kappa with linear weights on the rubric bands; nil for the weighted total, which
    /// has no bands.
    public let weightedKappa: Double?
    /// The k of the top-k overlap: the `top` asked for, cut to the gene count.
    public let k: Int
    /// The share of the k best genes two raters have in common, ties at the cut broken at random
    /// (the expected value; `Ranking.expectedTopKOverlap`): two raters who tie every gene get
    /// k / n, chance level, not 1.
    public let topKOverlap: Double

    /// - Parameters:
    ///   - genes: the items, aligned with every list of `raters`.
    ///   - raters: one list of scores per rater (at least 2), each aligned with `genes`.
    ///   - banded: whether the scores are on the rubric's 0-10 scale (for the kappa).
    ///   - top: the k of the overlap, cut to the gene count.
    /// Returns nil with fewer than 2 genes: nothing can be correlated.
    public init?(criterion: String, genes: [String], raters: [[Double]], banded: Bool, top: Int) throws {
        guard genes.count >= 2 else { return nil }
        guard raters.count >= 2 else {
            throw GeneJobError.input(source: "agreement of \(criterion)", reason: "expected at least 2 raters, found \(raters.count)")
        }
        if let index = raters.firstIndex(where: { $0.count != genes.count }) {
            throw GeneJobError.input(source: "agreement of \(criterion)",
                                     reason: "rater \(index + 1) has \(raters[index].count) scores for \(genes.count) genes")
        }
        self.criterion = criterion
        self.genes = genes.count
        self.raters = raters.count
        k = min(max(1, top), genes.count)
        var pearsons: [Double?] = [], spearmans: [Double?] = [], kappas: [Double?] = [], overlaps: [Double?] = []
        for a in 0..<raters.count {
            for b in (a + 1)..<raters.count {
                let first = raters[a], second = raters[b]
                pearsons.append(try Correlation.pearson(first, second))
                spearmans.append(try Correlation.spearman(first, second))
                if banded {
                    let categories = RubricBand.allCases.map(\.rawValue)
                    kappas.append(try CohenKappa(first: first.map { RubricBand(score: $0).rawValue },
                                                 second: second.map { RubricBand(score: $0).rawValue },
                                                 categories: categories, weighting: .linear).kappa)
                }
                overlaps.append(try Ranking.expectedTopKOverlap(first, second, k: k))
            }
        }
        pearson = Self.mean(pearsons)
        spearman = Self.mean(spearmans)
        weightedKappa = banded ? Self.mean(kappas) : nil
        topKOverlap = Self.mean(overlaps) ?? 0
        let rows = genes.indices.map { index in raters.map { $0[index] } }
        icc = try IntraclassCorrelation(scores: rows).absoluteAgreementSingle
    }

    /// Agreement between the replicates of a run, per criterion and for the weighted total, over
    /// the genes whose every replicate answered; empty with one replicate.
    static func replicates(_ scores: GeneScores, plan: GenePlan, top: Int) throws -> [CriterionAgreement] {
        guard plan.replicates >= 2 else { return [] }
        let complete = scores.genes.filter { $0.replicates.count == plan.replicates }
        let genes = complete.map(\.symbol)
        var result: [CriterionAgreement] = []
        for criterion in plan.preset.criteria {
            let raters = (0..<plan.replicates).map { r in complete.map { $0.replicates[r].scores[criterion.key] ?? 0 } }
            if let agreement = try CriterionAgreement(criterion: criterion.key, genes: genes, raters: raters, banded: true, top: top) {
                result.append(agreement)
            }
        }
        let totals = try (0..<plan.replicates).map { r in try complete.map { try plan.preset.weights.total(of: $0.replicates[r].scores) } }
        if let total = try CriterionAgreement(criterion: "total", genes: genes, raters: totals, banded: false, top: top) {
            result.append(total)
        }
        return result
    }

    /// The mean of the defined values; nil when none is defined (a constant list has no correlation).
    static func mean(_ values: [Double?]) -> Double? {
        let defined = values.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }

    public var jsonValue: JSONValue {
        let optional = { (value: Double?) in value.map(JSONValue.number) ?? .null }
        return .object([
            "criterion": .string(criterion), "genes": .number(Double(genes)), "raters": .number(Double(raters)),
            "pearson": optional(pearson), "spearman": optional(spearman), "icc_a1": optional(icc),
            "weighted_kappa_linear": optional(weightedKappa), "top_k": .number(Double(k)), "top_k_overlap": .number(topKOverlap),
        ])
    }
}
