import Scoring

/// How far a module's ranking can be trusted: agreement between replicates, and agreement with a
/// published top list where the preset holds one.
public struct ModuleAgreement: Sendable {
    public struct ReferenceMatch: Sendable {
        public let reference: CriteriaPreset.Reference
        public let k: Int
        /// Reference genes among the ranking's top k.
        public let found: [String]
        public var precision: Double { Double(found.count) / Double(k) }
        public var recall: Double { Double(found.count) / Double(reference.genes.count) }
        /// Spearman's rho between the reference's order (the preset lists the published genes
        /// best first) and the same genes' positions in this module's ranking; nil when fewer
        /// than three of them are in the ranking or either order is constant.
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
            let position = Dictionary(rows.enumerated().map { ($1.gene, Double($0 + 1)) }, uniquingKeysWith: { first, _ in first })
            let pairs = published.genes.enumerated().compactMap { index, gene in position[gene].map { (Double(index + 1), $0) } }
            let rho = pairs.count >= 3 ? (try? Correlation.spearman(pairs.map(\.0), pairs.map(\.1))) ?? nil : nil
            reference = ReferenceMatch(reference: published, k: k, found: published.genes.filter(top.contains),
                                       rankCorrelation: rho, rankedCount: pairs.count)
        } else {
            reference = nil
        }
    }
}
