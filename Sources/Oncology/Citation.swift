/// A cited identifier, checked for form: a PubMed id ("PMID: 34096690", "34096690", a PubMed URL)
/// or a ClinicalTrials.gov id ("NCT03600883", a trial URL). Anything else is `other` (a DOI, a
/// URL, free text): kept, never counted as verified.
public enum Citation: Hashable, Sendable, CustomStringConvertible {
    case pmid(String)
    case nct(String)
    case other(String)

    public init(parsing text: String) {
        let t = text.trimmingSpaces
        let upper = t.uppercased()
        if let nct = Self.nctID(in: upper) { self = .nct(nct); return }
        var digits = upper
        for prefix in ["HTTPS://PUBMED.NCBI.NLM.NIH.GOV/", "HTTP://PUBMED.NCBI.NLM.NIH.GOV/", "HTTPS://WWW.NCBI.NLM.NIH.GOV/PUBMED/", "PMID:", "PMID"]
        where digits.hasPrefix(prefix) {
            digits = String(digits.dropFirst(prefix.count))
            break
        }
        digits = digits.trimmingSpaces
        if digits.hasSuffix("/") { digits.removeLast() }
        // PubMed ids are 1-8 digits today; a leading zero never occurs.
        if (1...8).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" {
            self = .pmid(digits)
        } else {
            self = .other(t)
        }
    }

    /// "NCT" and exactly 8 digits, alone or at the end of a trial URL.
    private static func nctID(in upper: String) -> String? {
        guard let range = upper.firstRange(of: "NCT") else { return nil }
        let before = upper[..<range.lowerBound]
        let after = upper[range.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
        let rest = upper[range.upperBound...].dropFirst(after.count)
        guard after.count == 8, before.isEmpty || before.hasSuffix("/") || before.hasSuffix("="),
              rest.isEmpty || rest == "/" else { return nil }
        return "NCT" + after
    }

    public var isCheckable: Bool { if case .other = self { return false } else { return true } }

    public var description: String {
        switch self {
        case .pmid(let id): return "PMID:\(id)"
        case .nct(let id): return id
        case .other(let text): return text
        }
    }
}

/// Identifiers the user supplies as known to exist (checked against PubMed and ClinicalTrials.gov
/// elsewhere, or a reference list of the case), with where each came from.
public struct ReferenceLibrary: Sendable {
    public let entries: [Citation: String]

    public static let empty = ReferenceLibrary(entries: [:])

    public init(entries: [Citation: String]) { self.entries = entries }

    /// Each text read as a citation; `label` says where the list came from.
    public init(citations: [String], label: String) {
        var entries: [Citation: String] = [:]
        for text in citations {
            let citation = Citation(parsing: text)
            if citation.isCheckable { entries[citation] = label }
        }
        self.entries = entries
    }
}
