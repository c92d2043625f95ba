/// Reads CIViC's published clinical-evidence TSV (`nightly-ClinicalEvidenceSummaries.tsv`, CC0),
/// which users download from civicdb.org. Both header generations are accepted:
///
/// | current (2022-) | before 2022 | read as |
/// |---|---|---|
/// | molecular_profile ("BRAF V600E") | gene + variant | the feature |
/// | therapies ("Dabrafenib,Trametinib") | drugs | the therapy's drugs |
/// | therapy_interaction_type | drug_interaction_type | "Combination": one therapy; "Substitutes" or "Sequential": one therapy per drug |
/// | significance | clinical_significance | Sensitivity/Response, Resistance, ... |
/// | disease, doid | same | tumor context (by name, via the OncoTree table) |
/// | evidence_type | same | only "Predictive" rows are loaded |
/// | evidence_direction | same | "Does Not Support" rows are skipped |
/// | evidence_level (A-E) | same | A, B: clinical; C: case report; D: preclinical; E: inferential |
/// | citation_id, source_type | same | a PMID when source_type is PubMed |
/// | nct_ids | same | trial ids, comma-separated |
/// | evidence_status | same | only "accepted" rows (when the column exists) |
/// | evidence_id | same | the row id "civic:EID<id>" |
/// | variant_origin | same | somatic or germline |
///
/// Molecular profiles of several variants ("BRAF V600E AND KRAS G12D") are loaded as `.other`.
public enum CIViCLoader {
    public struct Result: Sendable {
        public let rows: [KBRow]
        /// Rows of other evidence types, not accepted, or not supporting.
        public let skipped: Int
    }

    static let levels: [String: EvidenceLevel] = ["A": .clinical, "B": .clinical, "C": .caseReport, "D": .preclinical, "E": .inferential]

    public static func read(path: String) throws -> Result { try read(table: CSVTable(path: path, separator: "\t")) }

    public static func read(table: CSVTable) throws -> Result {
        let current = table.header.contains("molecular_profile")
        let names = current
            ? ["molecular_profile", "therapies", "therapy_interaction_type", "significance"]
            : ["gene", "therapies", "drug_interaction_type", "clinical_significance"]
        var required = names + ["disease", "evidence_type", "evidence_direction", "evidence_level", "citation_id", "source_type", "nct_ids", "evidence_id"]
        if !current { required[1] = "drugs" }
        let c = try table.columns(required)
        let (profileColumn, therapyColumn, interactionColumn, significanceColumn) = (c[0], c[1], c[2], c[3])
        let (diseaseColumn, typeColumn, directionColumn, levelColumn) = (c[4], c[5], c[6], c[7])
        let (citationColumn, sourceTypeColumn, nctColumn, idColumn) = (c[8], c[9], c[10], c[11])
        let variantColumn = current ? nil : try table.columns(["variant"]).first
        let statusColumn = table.header.firstIndex(of: "evidence_status")
        let originColumn = table.header.firstIndex(of: "variant_origin")
        var rows: [KBRow] = []
        var skipped = 0
        for (record, line) in zip(table.records, table.lines) {
            if record[typeColumn] != "Predictive" || record[directionColumn] == "Does Not Support" { skipped += 1; continue }
            if let statusColumn, record[statusColumn].lowercased() != "accepted" { skipped += 1; continue }
            let profile = variantColumn.map { record[profileColumn] + " " + record[$0] } ?? record[profileColumn]
            guard let level = levels[record[levelColumn]] else {
                throw OncologyInputError(source: table.source, location: "line \(line), column evidence_level",
                                         reason: "expected A, B, C, D or E, found \"\(record[levelColumn])\"")
            }
            guard let eid = Int(record[idColumn]) else {
                throw OncologyInputError(source: table.source, location: "line \(line), column evidence_id",
                                         reason: "expected a number, found \"\(record[idColumn])\"")
            }
            let drugs = record[therapyColumn].split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            guard !drugs.isEmpty else { skipped += 1; continue }
            let therapies = record[interactionColumn].lowercased() == "combination" ? [drugs] : drugs.map { [$0] }
            let significance = record[significanceColumn].lowercased()
            let direction: EffectDirection = significance.contains("resistance") ? .resistant
                : significance.hasPrefix("sensitivity") || significance == "response" ? .sensitive
                : significance.contains("reduced") ? .notSensitive : .unspecified
            let origin: AlterationOrigin = originColumn.map { record[$0].lowercased() }.map {
                $0.hasPrefix("germline") ? .germline : $0 == "somatic" ? .somatic : .unknown } ?? .unknown
            let disease = record[diseaseColumn]
            let ncts = record[nctColumn].split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            let pmids = record[sourceTypeColumn] == "PubMed" && !record[citationColumn].isEmpty ? [record[citationColumn]] : []
            for (index, therapy) in therapies.enumerated() {
                rows.append(KBRow(
                    source: .civic, rowID: "civic:EID\(eid)" + (therapies.count > 1 ? "/\(index + 1)" : ""), feature: feature(profile),
                    origin: origin, disease: disease, oncoTreeCode: OncoTree.code(forName: disease), therapy: therapy,
                    evidence: level, sourceLevel: record[levelColumn], direction: direction, pmids: pmids, ncts: ncts,
                    url: "https://civicdb.org/evidence/\(eid)"))
            }
        }
        return Result(rows: rows, skipped: skipped)
    }

    /// "BRAF V600E", "EGFR Exon 19 Deletion", "ERBB2 Amplification", "EML4::ALK Fusion",
    /// "NTRK1 Fusion", "KRAS Mutation", "ERBB2 Overexpression".
    static func feature(_ profile: String) -> KBFeature {
        let words = profile.split(separator: " ").map(String.init)
        if words.contains(where: { ["AND", "OR", "NOT"].contains($0) }) || words.isEmpty { return .other(profile) }
        let lower = words.map { $0.lowercased() }
        if lower.last == "fusion" || words[0].contains("::") {
            let partners = words[0].components(separatedBy: "::").compactMap(GeneSymbol.init)
            return partners.isEmpty ? .other(profile) : .fusion(partners: partners)
        }
        guard let gene = GeneSymbol(words[0]) else { return .other(profile) }
        let rest = lower.dropFirst().joined(separator: " ")
        switch rest {
        case "amplification": return .copyNumber(gene: gene, change: .amplification)
        case "deletion", "loss": return .copyNumber(gene: gene, change: .deletion)
        case "overexpression", "expression": return .expression(gene: gene, change: .overexpression)
        case "underexpression": return .expression(gene: gene, change: .underexpression)
        case "mutation", "mutations", "": return .variant(gene: gene, protein: nil, variantClass: nil)
        case "frameshift", "frameshift mutation": return .variant(gene: gene, protein: nil, variantClass: "Frameshift")
        case "exon 19 deletion": return .variant(gene: gene, protein: nil, variantClass: "Deletion")
        default:
            if let protein = ProteinChange(parsing: words.dropFirst().joined(separator: " ")) {
                return .variant(gene: gene, protein: protein, variantClass: nil)
            }
            if let (residue, position) = ProteinChange.codon(words.dropFirst().joined(separator: " ")) {
                return .codon(gene: gene, residue: residue, position: position)
            }
            return .other(profile)
        }
    }
}
