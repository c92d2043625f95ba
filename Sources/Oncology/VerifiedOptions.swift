/// Options after verification: each with the knowledge-base rows that back it (or none), each
/// citation marked verified only when a knowledge-base row or the supplied reference library
/// holds it, and every rule violation flagged. Nothing unverified is presented as verified.
public struct VerifiedOptions: Sendable {
    public let caseID: String
    public let options: [VerifiedOption]
    public let noActionableOption: Bool
    public let flags: [VerificationFlag]

    public var citationChecks: [CitationCheck] { options.flatMap(\.citations) }
    public var verifiedCitationCount: Int { citationChecks.filter(\.isVerified).count }
    public var backedOptionCount: Int { options.filter { if case .backed = $0.backing { return true } else { return false } }.count }
}

public struct VerifiedOption: Sendable {
    public let option: TreatmentOption
    /// Index of the case alteration the option targets, when one matches its text.
    public let alterationIndex: Int?
    public let backing: Backing
    /// The strongest tier the backing rows support for this case.
    public let supportedTier: EvidenceTier?
    public let citations: [CitationCheck]
    public let flags: [VerificationFlag]
}

public enum Backing: Sendable {
    /// Rows for this alteration whose therapy is the option's drug set, not for resistance.
    case backed([KBMatch])
    /// Rows for this alteration whose therapy contains the option's drugs or is contained in them.
    case partial([KBMatch])
    /// Only rows saying the alteration confers resistance to this therapy.
    case resistance([KBMatch])
    case none

    public var matches: [KBMatch] {
        switch self {
        case .backed(let m), .partial(let m), .resistance(let m): return m
        case .none: return []
        }
    }
}

public struct CitationCheck: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        /// Found in these knowledge-base rows ("moalmanac:6") or the reference library ("references: ...").
        case verified(foundIn: [String])
        /// Well formed, but in no knowledge-base row and not in the reference library.
        case unverified
        /// Not a PMID or NCT id (a DOI, URL or free text): cannot be checked here.
        case notCheckable
    }

    public let text: String
    public let citation: Citation
    public let status: Status
    /// True when a row holding the id also backs this option (not just some other row).
    public let supportsThisOption: Bool

    public var isVerified: Bool { if case .verified = status { return true } else { return false } }
}

public enum VerificationFlag: Hashable, Sendable, CustomStringConvertible {
    case alterationNotInCase(String)
    /// A drug for a variant of unknown significance without knowledge-base evidence for it.
    case drugForVUSWithoutEvidence(String)
    case tierOverclaimed(claimed: EvidenceTier, supported: EvidenceTier?)
    case resistanceEvidence(rows: [String])
    /// A kb_rows id the model gave that no retrieved row has.
    case unknownKBRow(String)
    case malformedCitation(String)

    public var description: String {
        switch self {
        case .alterationNotInCase(let a): return "alteration \"\(a)\" is not in the case"
        case .drugForVUSWithoutEvidence(let a): return "a drug is proposed for \"\(a)\", a variant of unknown significance, without evidence"
        case let .tierOverclaimed(claimed, supported):
            return "claims \(claimed.rawValue) but the knowledge base supports \(supported?.rawValue ?? "nothing")"
        case .resistanceEvidence(let rows): return "the knowledge base reports resistance (\(rows.joined(separator: ", ")))"
        case .unknownKBRow(let id): return "cites knowledge-base row \(id), which was not retrieved for this case"
        case .malformedCitation(let text): return "\"\(text)\" is neither a PMID nor an NCT id"
        }
    }
}
