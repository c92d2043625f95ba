/// A knowledge-base row retrieved for one alteration of a case.
public struct KBMatch: Hashable, Sendable {
    public enum Level: Int, Hashable, Comparable, Sendable {
        /// The row names this very change (same protein change, copy-number direction, fusion pair).
        case exact = 0
        /// The row names any change at this codon ("KRAS G12" for G12C).
        case codon = 1
        /// The row is about the gene (any variant, a variant class, any fusion partner): flagged,
        /// because it may not apply to this change.
        case geneLevel = 2
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// Index into the case's `alterations`; nil for case-level biomarkers (TMB, MSI).
    public let alterationIndex: Int?
    /// The alteration's label, or "TMB-high (12.8 mut/Mb)" / "MSI-high".
    public let alterationLabel: String
    public let row: KBRow
    public let level: Level
    public let tumorContext: TumorContext

    /// Evidence tier of the row for this case, in the option schema's terms.
    public var tier: EvidenceTier { EvidenceTier.of(row.evidence, context: tumorContext) }
}

/// The option schema's evidence tiers (Prompts/schemas/treatment-options.json), strongest first.
public enum EvidenceTier: String, Hashable, Comparable, Sendable, CaseIterable {
    case approvedHere = "approved_in_tumor_type"
    case approvedElsewhere = "approved_other_tumor_type"
    case guideline
    case trial
    case preclinical

    var rank: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }
    public static func < (a: EvidenceTier, b: EvidenceTier) -> Bool { a.rank < b.rank }

    /// An approval counts "here" in the case's tumor type or tumor-agnostically.
    public static func of(_ level: EvidenceLevel, context: TumorContext) -> EvidenceTier {
        switch level {
        case .approved: return context.isSameOrAgnostic ? .approvedHere : .approvedElsewhere
        case .guideline: return .guideline
        case .clinical, .trial, .caseReport: return .trial
        case .preclinical, .inferential: return .preclinical
        }
    }
}
