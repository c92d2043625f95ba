/// How a proposed option is compared with the expert's.
public enum OptionMatchLevel: String, Sendable, CaseIterable {
    /// Benary et al.'s convention: the alteration text as written and the option text lower-cased,
    /// equal as strings. No synonyms, no combinations as sets.
    case exact
    /// The alteration read into its canonical form ("STK11 p.K83Tfs*13" and "*14" are "stk11
    /// k83fs") and the therapy as a set of normalized drugs.
    case normalized
    /// The therapy's normalized drugs within the case, whatever alteration it was proposed for.
    case drugsOnly = "drugs_only"
}

/// The key one option is matched by at one level.
public enum OptionKey: Hashable, Sendable, CustomStringConvertible {
    case exact(alteration: String, option: String)
    case normalized(alteration: String, therapy: Set<DrugNormalizer.Component>)
    case drugsOnly(caseID: String, therapy: Set<DrugNormalizer.Component>)

    public var description: String {
        switch self {
        case let .exact(alteration, option): return "\(alteration) | \(option)"
        case let .normalized(alteration, therapy): return "\(alteration) | \(therapy.sorted().map(\.description).joined(separator: " + "))"
        case let .drugsOnly(caseID, therapy): return "\(caseID) | \(therapy.sorted().map(\.description).joined(separator: " + "))"
        }
    }
}
