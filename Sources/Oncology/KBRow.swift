/// One knowledge-base assertion reduced to what retrieval and verification use: the feature it is
/// about, the tumor it was seen in, the therapy (a set of drug names), how strong the evidence is,
/// its direction, and its citations. `rowID` names the source row for citation
/// ("moalmanac:66", "civic:EID1409").
public struct KBRow: Hashable, Sendable {
    public let source: KBSource
    public let rowID: String
    public let feature: KBFeature
    public let origin: AlterationOrigin
    /// The disease as the source names it.
    public let disease: String
    /// The source's OncoTree code when it gives one (MOAlmanac does; CIViC gives a DOID).
    public let oncoTreeCode: String?
    /// The drugs of one therapy, as the source writes them ("Dabrafenib", "Trametinib").
    public let therapy: [String]
    public let evidence: EvidenceLevel
    /// The source's own level ("FDA-Approved", "B").
    public let sourceLevel: String
    public let direction: EffectDirection
    public let pmids: [String]
    public let ncts: [String]
    public let url: String?

    public init(source: KBSource, rowID: String, feature: KBFeature, origin: AlterationOrigin = .unknown, disease: String,
                oncoTreeCode: String?, therapy: [String], evidence: EvidenceLevel, sourceLevel: String,
                direction: EffectDirection, pmids: [String] = [], ncts: [String] = [], url: String? = nil) {
        self.source = source
        self.rowID = rowID
        self.feature = feature
        self.origin = origin
        self.disease = disease
        self.oncoTreeCode = oncoTreeCode
        self.therapy = therapy
        self.evidence = evidence
        self.sourceLevel = sourceLevel
        self.direction = direction
        self.pmids = pmids
        self.ncts = ncts
        self.url = url
    }
}

public enum KBSource: String, Hashable, Sendable {
    case moalmanac, civic, fixture
}

/// What an assertion is about.
public enum KBFeature: Hashable, Sendable {
    /// A specific protein change, or (protein nil) any variant of the gene, optionally of one
    /// class ("Nonsense", "Frameshift") as MOAlmanac's variant_annotation gives it.
    case variant(gene: GeneSymbol, protein: ProteinChange?, variantClass: String?)
    /// Any change at one codon ("p.G12": G12C, G12D, G12V, ...).
    case codon(gene: GeneSymbol, residue: Character, position: Int)
    /// Direction nil: any copy-number change of the gene.
    case copyNumber(gene: GeneSymbol, change: CopyNumberChange?)
    /// One partner: a fusion of that gene with any partner.
    case fusion(partners: [GeneSymbol])
    case expression(gene: GeneSymbol, change: ExpressionChange?)
    case tmbHigh
    case msiHigh
    /// Features retrieval does not match (signatures, knockdowns, compound profiles), kept with the
    /// source's words so a report can still show them.
    case other(String)

    var genes: [GeneSymbol] {
        switch self {
        case let .variant(gene, _, _), let .codon(gene, _, _), let .copyNumber(gene, _), let .expression(gene, _): return [gene]
        case let .fusion(partners): return partners
        case .tmbHigh, .msiHigh, .other: return []
        }
    }
}

/// Evidence strength on one scale across sources, strongest first.
public enum EvidenceLevel: Int, Hashable, Comparable, Sendable, CaseIterable {
    case approved = 0, guideline, clinical, trial, caseReport, preclinical, inferential

    public static func < (a: EvidenceLevel, b: EvidenceLevel) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .approved: return "approved"
        case .guideline: return "guideline"
        case .clinical: return "clinical evidence"
        case .trial: return "clinical trial"
        case .caseReport: return "case report"
        case .preclinical: return "preclinical"
        case .inferential: return "inferential"
        }
    }
}

public enum EffectDirection: String, Hashable, Sendable {
    case sensitive, resistant, notSensitive = "not_sensitive", unspecified
}
