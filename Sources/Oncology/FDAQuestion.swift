/// One question of the `moalmanac-fda` bench, after Jun et al. 2025 (MOAlmanac RAG-LLM,
/// medRxiv 10.1101/2025.05.09.25327312): a cancer type and a biomarker, and the therapies the
/// knowledge base lists as FDA-approved for that pair (sensitivity rows only).
public struct FDAQuestion: Hashable, Sendable {
    /// "fda-<n>", numbered in (disease, biomarker) order.
    public let id: String
    public let disease: String
    /// "BRAF p.V600E", "BCR--ABL1 fusion", "ERBB2 amplification", "BRCA2 (germline)", "TMB-high".
    public let biomarker: String
    /// The approved therapies, each a list of drug names as the knowledge base writes them.
    public let therapies: [[String]]
    /// The rows the question came from.
    public let rowIDs: [String]
    /// The genes of the biomarker, for retrieval (empty for TMB and MSI).
    public let genes: [GeneSymbol]
    public let feature: KBFeature

    /// Groups the knowledge base's FDA-approved sensitivity rows by (disease, biomarker); rows of
    /// features retrieval cannot name (`.other`) or without a disease are left out.
    public static func make(from rows: [KBRow]) -> [FDAQuestion] {
        struct Key: Hashable { let disease: String; let biomarker: String }
        var groups: [Key: [KBRow]] = [:]
        for row in rows where row.evidence == .approved && row.direction == .sensitive && !row.disease.isEmpty {
            guard let text = biomarker(row.feature, origin: row.origin) else { continue }
            groups[Key(disease: row.disease, biomarker: text), default: []].append(row)
        }
        let keys = groups.keys.sorted { ($0.disease, $0.biomarker) < ($1.disease, $1.biomarker) }
        return keys.enumerated().compactMap { index, key in
            guard let group = groups[key], let first = group.first else { return nil }
            var therapies: [[String]] = []
            for row in group where !therapies.contains(row.therapy) { therapies.append(row.therapy) }
            return FDAQuestion(id: "fda-\(index + 1)", disease: key.disease, biomarker: key.biomarker, therapies: therapies,
                               rowIDs: group.map(\.rowID), genes: first.feature.genes, feature: first.feature)
        }
    }

    /// The biomarker in words a clinician would ask with; nil for features without a name.
    public static func biomarker(_ feature: KBFeature, origin: AlterationOrigin) -> String? {
        let germline = origin == .germline ? " (germline)" : ""
        switch feature {
        case let .variant(gene, protein?, _): return "\(gene) \(protein.hgvs)\(germline)"
        case let .variant(gene, nil, variantClass?): return "\(gene) \(variantClass.lowercased())\(germline)"
        case let .variant(gene, nil, nil): return "\(gene) mutation\(germline)"
        case let .codon(gene, residue, position): return "\(gene) p.\(residue)\(position)"
        case let .copyNumber(gene, change): return "\(gene) \(change?.rawValue ?? "copy-number change")"
        case let .fusion(partners): return partners.map(\.text).joined(separator: "--") + " fusion"
        case let .expression(gene, change): return "\(gene) \(change?.rawValue ?? "expression change")"
        case .tmbHigh: return "TMB-high"
        case .msiHigh: return "MSI-high"
        case .other: return nil
        }
    }

    /// The retrieval arm's evidence: rows sharing a gene with the biomarker (or, for TMB and MSI,
    /// the same feature), this cancer type first, then by evidence level and row id; at most
    /// `limit` lines "row id | biomarker | therapy | evidence | disease". Rows for resistance are
    /// left out, as no therapy can come from them.
    public func evidence(from rows: [KBRow], limit: Int = 8) -> [String] {
        let genes = Set(genes)
        let related = rows.filter { row in
            row.direction != .resistant
                && (genes.isEmpty ? row.feature == feature : !genes.isDisjoint(with: row.feature.genes))
        }
        let ordered = related.sorted { a, b in
            let (sameA, sameB) = (a.disease == disease, b.disease == disease)
            if sameA != sameB { return sameA }
            if a.evidence != b.evidence { return a.evidence < b.evidence }
            return a.rowID < b.rowID
        }
        return ordered.prefix(limit).map { row in
            [row.rowID, Self.biomarker(row.feature, origin: row.origin) ?? "other", row.therapy.joined(separator: " + "),
             row.evidence.name, row.disease].joined(separator: " | ")
        }
    }
}
