import Scoring

/// How far a module's ranking can be trusted: agreement between replicates, and agreement with a
/// published top list where the preset holds one.
public struct ModuleAgreement: Sendable {
    public struct ReferenceMatch: Sendable {
        public let reference: CriteriaPreset.Reference
        public let k: Int
        /// Reference genes among the ranking's first k rows as listed (ties at the cut in list order).
        public let found: [String]
        /// Reference genes expected among the top k when genes tied at the cut are taken in random
        /// order: a model that ties everything gets k / n of them, whatever the module's gene order.
        public let expectedHits: Double
        public var precision: Double { expectedHits / Double(k) }
        public var recall: Double { expectedHits / Double(reference.genes.count) }
        /// Whether genes tied at the k-th weighted total straddle the cut (then `found` is one of
        /// several equally good top lists, and precision and recall are expected values).
        public let tiedAtCut: Bool
        /// Spearman's rho between the reference's order (the preset lists the published genes
        /// best first) and the same genes' weighted totals here (tied totals share their average
        /// rank); nil when fewer than three of them are in the ranking or either order is constant.
        public let rankCorrelation: Double?
        /// Reference genes that are in the ranking and so enter the rank correlation.
        public let rankedCount: Int
    }

    /// ICC(A,1) of the weighted totals over genes with every replicate answered; nil with fewer
    /// than two such genes or one replicate.
    public let replicateICC: Double?
    public let genesInICC: Int
    public let reference: ReferenceMatch?

    init(rows: [GeneAnalysis.Row], replicateTotals: [String: [Double]], replicates: Int, moduleID: String,
         references: [CriteriaPreset.Reference]) {
        let complete = rows.compactMap { row -> [Double]? in
            guard let totals = replicateTotals[row.gene], totals.count == replicates else { return nil }
            return totals
        }
        genesInICC = complete.count
        replicateICC = replicates >= 2 && complete.count >= 2 ? (try? IntraclassCorrelation(scores: complete))?.absoluteAgreementSingle : nil
        if let published = references.first(where: { $0.module == moduleID }), !rows.isEmpty {
            let k = min(published.genes.count, rows.count)
            let top = Set(rows.prefix(k).map(\.gene))
            let publishedSet = Set(published.genes)
            let totals = rows.map(\.summary.total.mean)
            let expected = (try? BinaryScores(scores: totals, positives: rows.map { publishedSet.contains($0.gene) })
                .expectedHits(atK: k)) ?? Double(top.filter(publishedSet.contains).count)
            let tied = k < rows.count && totals[k - 1] == totals[k]
            // Higher totals rank first, so the published position is paired with the negated total.
            let total = Dictionary(rows.map { ($0.gene, $0.summary.total.mean) }, uniquingKeysWith: { first, _ in first })
            let pairs = published.genes.enumerated().compactMap { index, gene in total[gene].map { (Double(index + 1), -$0) } }
            let rho = pairs.count >= 3 ? (try? Correlation.spearman(pairs.map(\.0), pairs.map(\.1))) ?? nil : nil
            reference = ReferenceMatch(reference: published, k: k, found: published.genes.filter(top.contains),
                                       expectedHits: expected, tiedAtCut: tied, rankCorrelation: rho, rankedCount: pairs.count)
        } else {
            reference = nil
        }
    }
}
