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
            reference = ReferenceMatch(reference: published, k: k, found: published.genes.filter(top.contains))
        } else {
            reference = nil
        }
    }
}
