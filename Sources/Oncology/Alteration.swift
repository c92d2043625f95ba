/// One molecular finding of a case, typed by kind, with where it came from (germline or somatic),
/// its allele fraction when measured, and the text the source wrote (kept for reports and for the
/// paper's exact-string scoring).
public struct Alteration: Hashable, Sendable {
    public let kind: AlterationKind
    public let origin: AlterationOrigin
    /// Variant allele fraction, 0...1 (a report's "AF 25%" is 0.25).
    public let alleleFraction: Double?
    /// What is known of the variant's pathogenicity; `.unknownSignificance` (a VUS) gets no drug
    /// unless the evidence says otherwise.
    public let significance: VariantSignificance
    /// The source's own words, e.g. "KRAS p.G13D" or "MET Amplification FISH positive".
    public let label: String

    public init(kind: AlterationKind, origin: AlterationOrigin = .unknown, alleleFraction: Double? = nil,
                significance: VariantSignificance = .notAssessed, label: String? = nil) {
        self.kind = kind
        self.origin = origin
        self.alleleFraction = alleleFraction
        self.significance = significance
        self.label = label ?? kind.description
    }

    /// The genes the alteration involves: one, or a fusion's partners.
    public var genes: [GeneSymbol] { kind.genes }
}

public enum AlterationKind: Hashable, Sendable, CustomStringConvertible {
    /// SNV or small indel; `protein` when the change reaches the protein, `coding` for a c. change
    /// (e.g. a splice site "c.672+1G>A") that has no protein form.
    case sequenceVariant(gene: GeneSymbol, protein: ProteinChange?, coding: String?)
    case copyNumber(gene: GeneSymbol, change: CopyNumberChange, copies: Double?)
    /// Partners in the order given (5' partner first when the source says so); at least one.
    case fusion(partners: [GeneSymbol])
    case expression(gene: GeneSymbol, change: ExpressionChange)

    public var genes: [GeneSymbol] {
        switch self {
        case let .sequenceVariant(gene, _, _), let .copyNumber(gene, _, _), let .expression(gene, _): return [gene]
        case let .fusion(partners): return partners
        }
    }

    /// A canonical text: "KRAS G12C", "MET amplification", "FGFR2::BICC1 fusion", "ERBB2 overexpression".
    public var description: String {
        switch self {
        case let .sequenceVariant(gene, protein, coding):
            return [gene.text, protein?.canonical ?? coding ?? "mutation"].joined(separator: " ")
        case let .copyNumber(gene, change, _): return "\(gene.text) \(change.rawValue)"
        case let .fusion(partners): return partners.map(\.text).joined(separator: "::") + " fusion"
        case let .expression(gene, change): return "\(gene.text) \(change.rawValue)"
        }
    }

    /// The JSON name of the kind.
    public var typeName: String {
        switch self {
        case .sequenceVariant: return "variant"
        case .copyNumber: return "copy_number"
        case .fusion: return "fusion"
        case .expression: return "expression"
        }
    }
}

public enum CopyNumberChange: String, Hashable, Sendable, CaseIterable {
    case amplification, deletion
}

public enum ExpressionChange: String, Hashable, Sendable, CaseIterable {
    case overexpression, underexpression
}

public enum AlterationOrigin: String, Hashable, Sendable, CaseIterable {
    case somatic, germline, unknown
}

public enum VariantSignificance: String, Hashable, Sendable, CaseIterable {
    case pathogenic, likelyPathogenic = "likely_pathogenic", unknownSignificance = "vus", likelyBenign = "likely_benign",
         benign, notAssessed = "not_assessed"
}
