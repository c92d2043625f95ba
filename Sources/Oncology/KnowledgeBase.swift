/// Knowledge-base rows indexed by gene, and retrieval for a case: for each alteration the rows
/// that name it exactly, then the gene-level rows (flagged), each with its tumor context; then
/// rows for the case's TMB-high or MSI-high status.
public struct KnowledgeBase: Sendable {
    public let rows: [KBRow]
    private let byGene: [GeneSymbol: [Int]]

    public init(rows: [KBRow]) {
        self.rows = rows
        var index: [GeneSymbol: [Int]] = [:]
        for (i, row) in rows.enumerated() {
            for gene in Set(row.feature.genes) { index[gene, default: []].append(i) }
        }
        byGene = index
    }

    /// Matches ordered by alteration, then exact before gene-level, then evidence tier, then row id.
    public func retrieve(_ patient: PatientCase) -> [KBMatch] {
        var matches: [KBMatch] = []
        for (i, alteration) in patient.alterations.enumerated() {
            let candidates = Set(alteration.genes.flatMap { byGene[$0] ?? [] }).sorted()
            var found: [KBMatch] = []
            for rowIndex in candidates {
                let row = rows[rowIndex]
                guard let level = Self.level(of: row.feature, for: alteration.kind) else { continue }
                found.append(KBMatch(alterationIndex: i, alterationLabel: alteration.label, row: row, level: level,
                                     tumorContext: TumorContext.of(disease: row.disease, oncoTreeCode: row.oncoTreeCode, for: patient.tumor)))
            }
            matches += found.sorted(by: Self.order)
        }
        if patient.isTMBHigh, let tmb = patient.tumorMutationalBurden {
            matches += biomarkerMatches(.tmbHigh, label: "TMB-high (\(JSONNumber.text(tmb)) mut/Mb)", patient)
        }
        if patient.microsatelliteStatus == .high {
            matches += biomarkerMatches(.msiHigh, label: "MSI-high", patient)
        }
        return matches
    }

    private func biomarkerMatches(_ feature: KBFeature, label: String, _ patient: PatientCase) -> [KBMatch] {
        rows.filter { $0.feature == feature }.map {
            KBMatch(alterationIndex: nil, alterationLabel: label, row: $0, level: .exact,
                    tumorContext: TumorContext.of(disease: $0.disease, oncoTreeCode: $0.oncoTreeCode, for: patient.tumor))
        }.sorted(by: Self.order)
    }

    static func order(_ a: KBMatch, _ b: KBMatch) -> Bool {
        if a.level != b.level { return a.level < b.level }
        if a.tier != b.tier { return a.tier < b.tier }
        return a.row.rowID < b.row.rowID
    }

    /// How `feature` applies to an alteration of `kind`, or nil when it does not.
    static func level(of feature: KBFeature, for kind: AlterationKind) -> KBMatch.Level? {
        switch (feature, kind) {
        case let (.variant(gene, protein, variantClass), .sequenceVariant(caseGene, caseProtein, coding)):
            guard gene == caseGene else { return nil }
            if let protein { return protein.canonical == caseProtein?.canonical ? .exact : nil }
            guard let variantClass, !variantClass.isEmpty else { return .geneLevel }
            return classMatches(variantClass, caseProtein, coding) ? .geneLevel : nil
        case let (.codon(gene, residue, position), .sequenceVariant(caseGene, caseProtein, _)):
            guard gene == caseGene, let caseProtein, caseProtein.position == position,
                  caseProtein.referenceResidue == residue || caseProtein.referenceResidue == nil else { return nil }
            return .codon
        case let (.copyNumber(gene, change), .copyNumber(caseGene, caseChange, _)):
            guard gene == caseGene else { return nil }
            guard let change else { return .geneLevel }
            return change == caseChange ? .exact : nil
        case let (.fusion(partners), .fusion(casePartners)):
            guard Set(partners).isSubset(of: Set(casePartners)) else { return nil }
            return Set(partners) == Set(casePartners) ? .exact : .geneLevel
        case let (.expression(gene, change), .expression(caseGene, caseChange)):
            guard gene == caseGene else { return nil }
            guard let change else { return .geneLevel }
            return change == caseChange ? .exact : nil
        default:
            return nil
        }
    }

    /// MOAlmanac's variant_annotation classes against the case's change.
    static func classMatches(_ variantClass: String, _ protein: ProteinChange?, _ coding: String?) -> Bool {
        switch variantClass.lowercased() {
        case "missense": return protein?.kind == .missense
        case "nonsense": return protein?.kind == .nonsense
        case "frameshift": return protein?.kind == .frameshift
        case "deletion": return protein?.kind == .deletion || protein?.kind == .deletionInsertion
        case "insertion": return protein?.kind == .insertion || protein?.kind == .duplication
        case "splice site": return coding.map { $0.contains("+") || $0.contains("-") } ?? false
        default: return true  // "Activating mutation" and other loose classes: any variant, flagged gene-level
        }
    }
}

/// Numbers printed for people: 12.8, 10 (not 10.0).
enum JSONNumber {
    static func text(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
