import Genes
import Scoring
import Support

/// Steps 4 to 7 computed from the flow's answers: per module the weighted ranking with replicate
/// SDs, the weighting sensitivity, each gene's checked claims, the top picks and expression.
public struct GeneAnalysis: Sendable {
    public struct Row: Sendable {
        public let rank: Int
        public let gene: String
        public let summary: ReplicateSummary
        /// Nil when the claim split failed: the justification is then unchecked.
        public let check: JustificationCheck?
        public let failedReplicates: [Int]
        /// Replicate 1's justifications by criterion key.
        public let justifications: [String: String]
        public let expression: GeneExpression?

        /// Whether the scores rest on checked, supported claims with none contradicted.
        public var backed: Bool { check?.flag == nil && check != nil }
    }

    public struct Module: Sendable {
        public let id: String
        public let title: String?
        /// The themes answer, or its failure record.
        public let themes: JSONValue
        public let rows: [Row]
        /// Genes whose every replicate failed.
        public let unscored: [String]
        public let unresolved: [SymbolResolution]
        public let sensitivity: WeightingSensitivity<String>?
        /// The first `top` ranked genes whose scores rest on supported claims (step 6).
        public let picks: [Row]
        public let expression: ExpressionFolding?
        public let agreement: ModuleAgreement
        /// Criterion scores of the module's scored genes against the preset's silver sets.
        public let silver: [SilverScore]
    }

    public let modules: [Module]
    /// The silver-set scores over every scored gene of the run (each gene once).
    public let silver: [SilverScore]
    /// Agreement between the replicates over every gene they all answered, per criterion and
    /// for the weighted total; empty with one replicate.
    public let replicateAgreement: [CriterionAgreement]
    public let plan: GenePlan

    public init(plan: GenePlan, outputs: [String: JSONValue], checker: ClaimChecker, top: Int) throws {
        self.plan = plan
        let themes = outputs["themes"]?.arrayValue ?? []
        let scores = try GeneScores(answers: outputs["scores"]?.arrayValue ?? [], plan: plan)
        let checks = try Self.checks(plan: plan, answers: outputs["scores"]?.arrayValue ?? [],
                                     claims: outputs["claims"]?.arrayValue ?? [], checker: checker)
        let byGene = Dictionary(uniqueKeysWithValues: scores.genes.map { ($0.symbol, $0) })
        let means = scores.means
        silver = try SilverScore.all(plan.silverSets, means: means)
        replicateAgreement = try CriterionAgreement.replicates(scores, plan: plan, top: top)
        var totals: [String: [Double]] = [:]
        for gene in scores.genes {
            totals[gene.symbol] = gene.replicates.compactMap { try? plan.preset.weights.total(of: $0.scores) }
        }
        modules = try plan.modules.enumerated().map { index, module in
            let scored = module.genes.filter { means[$0] != nil }
            var rows: [Row] = []
            var sensitivity: WeightingSensitivity<String>?
            if !scored.isEmpty {
                let moduleMeans = means.filter { scored.contains($0.key) }
                let ranking = try WeightedRanking(scores: moduleMeans, weights: plan.preset.weights)
                if !plan.preset.alternatives.isEmpty {
                    sensitivity = try WeightingSensitivity(scores: moduleMeans, baseline: plan.preset.weights,
                                                           alternatives: plan.preset.alternatives, k: min(top, scored.count))
                }
                rows = ranking.entries.compactMap { entry in
                    guard let gene = byGene[entry.id], let summary = gene.summary else { return nil }
                    return Row(rank: entry.rank, gene: entry.id, summary: summary, check: checks[entry.id],
                               failedReplicates: gene.failedReplicates,
                               justifications: gene.replicates.first?.justifications ?? [:],
                               expression: module.expression?.genes.first { $0.gene == entry.id })
                }
            }
            return Module(id: module.id, title: module.title,
                          themes: themes.indices.contains(index) ? themes[index] : .null,
                          rows: rows, unscored: module.genes.filter { means[$0] == nil }, unresolved: module.unresolved,
                          sensitivity: sensitivity, picks: Array(rows.filter(\.backed).prefix(top)),
                          expression: module.expression,
                          agreement: ModuleAgreement(rows: rows, replicateTotals: totals, replicates: plan.replicates,
                                                     moduleID: module.id, references: plan.preset.references),
                          silver: try SilverScore.all(plan.silverSets, means: means.filter { scored.contains($0.key) }))
        }
    }

    /// Step 5: each replicate-1 justification's claims, checked. The claims step maps over the
    /// replicate-1 answers that are not failures, in gene order, so the i-th claims answer belongs
    /// to the i-th such gene. Claims are attributed to the scored gene: the splitter was asked
    /// about that gene only, and a small model may misspell the symbol it copies.
    static func checks(plan: GenePlan, answers: [JSONValue], claims: [JSONValue],
                       checker: ClaimChecker) throws -> [String: JustificationCheck] {
        let answered = plan.genes.indices.filter { answers.indices.contains($0) && answers[$0]["scores"] != nil }
        guard answered.count == claims.count else {
            throw GeneJobError.answer(step: "claims", item: claims.count,
                                      reason: "expected \(answered.count) answers, one per answered gene")
        }
        var result: [String: JustificationCheck] = [:]
        for (position, geneIndex) in answered.enumerated() {
            let gene = plan.genes[geneIndex]
            guard let parsed = try? AtomicClaim.list(from: claims[position]) else { continue }
            let attributed = parsed.map { AtomicClaim(gene: gene, relation: $0.relation, quote: $0.quote) }
            result[gene] = JustificationCheck(claims: attributed, checker: checker)
        }
        return result
    }
}
