import Foundation

/// Known literature identifiers a run may check citations against (PMIDs and DOIs). A citation
/// counts as verified only if it is here; the library says the reference exists, not what it says.
public struct ReferenceLibrary: Equatable, Sendable {
    public private(set) var identifiers: Set<Citation> = []

    /// An empty library: every citation stays unverified.
    public init() {}

    public init(_ entries: [String]) throws {
        for (index, entry) in entries.enumerated() {
            guard let citation = Citation(entry) else {
                throw GenesError(file: "reference library", line: index + 1, .invalid("\"\(entry)\" is neither a PMID nor a DOI"))
            }
            identifiers.insert(citation)
        }
    }

    /// One PMID or DOI per line; blank lines and `#` comments are skipped.
    public init(path: String) throws {
        let text = try DelimitedText(path: path)
        for line in text.lines {
            let entry = line.text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?.trimmed ?? ""
            if entry.isEmpty { continue }
            guard let citation = Citation(entry) else {
                throw text.error(line, .invalid("\"\(entry)\" is neither a PMID nor a DOI"))
            }
            identifiers.insert(citation)
        }
    }

    public func contains(_ citation: Citation) -> Bool { identifiers.contains(citation) }
}

/// A PMID or DOI in canonical form: "PMID:37858219", "doi:10.1186/s12967-023-04576-8" (DOIs are
/// case-insensitive, so kept lower-cased).
public enum Citation: Hashable, Sendable, CustomStringConvertible {
    case pmid(String)
    case doi(String)

    /// Accepts `12345678`, `PMID: 12345678`, `PMID12345678`, `10.1000/xyz`, `doi:10.1000/xyz` and
    /// `https://doi.org/10.1000/xyz`. PMIDs are 1 to 8 digits without a leading zero; DOIs are
    /// `10.` + 4 to 9 digits + `/` + a suffix without spaces (Crossref's pattern for modern DOIs).
    public init?(_ text: String) {
        var body = text.trimmed
        let lower = body.lowercased()
        if lower.hasPrefix("pmid") {
            body = String(body.dropFirst(4)).trimmingCharacters(in: .init(charactersIn: ": "))
            guard Self.isPMID(body) else { return nil }
            self = .pmid(body)
            return
        }
        if Self.isPMID(body) { self = .pmid(body); return }
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "doi "]
            where lower.hasPrefix(prefix) {
            body = String(body.dropFirst(prefix.count)).trimmed
            break
        }
        guard Self.isDOI(body) else { return nil }
        self = .doi(body.lowercased())
    }

    static func isPMID(_ text: String) -> Bool {
        (1...8).contains(text.count) && text.allSatisfy(\.isASCIIDigit) && !text.hasPrefix("0")
    }

    static func isDOI(_ text: String) -> Bool {
        guard text.hasPrefix("10."), let slash = text.firstIndex(of: "/") else { return false }
        let registrant = text[text.index(text.startIndex, offsetBy: 3)..<slash]
        let suffix = text[text.index(after: slash)...]
        return (4...9).contains(registrant.count) && registrant.allSatisfy(\.isASCIIDigit)
            && !suffix.isEmpty && !suffix.contains(where: \.isWhitespace)
    }

    public var description: String {
        switch self {
        case .pmid(let id): return "PMID:\(id)"
        case .doi(let doi): return "doi:\(doi)"
        }
    }
}
