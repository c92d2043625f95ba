import Support

/// What the offline knowledge says about one claim. `supported` and `contradicted` always carry
/// the rows they rest on; anything not backed by a row is `unverifiable`.
public enum ClaimVerdict: Equatable, Sendable {
    case supported([Evidence])
    case contradicted([Evidence])
    case unverifiable(UnverifiableReason)

    public var name: String {
        switch self {
        case .supported: return "supported"
        case .contradicted: return "contradicted"
        case .unverifiable: return "unverifiable"
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .supported(let rows), .contradicted(let rows):
            return .object(["verdict": .string(name), "evidence": .array(rows.map(\.jsonValue))])
        case .unverifiable(let reason):
            return .object(["verdict": .string(name), "reason": .string(reason.description)])
        }
    }
}

/// One row of knowledge: where it is (source and id) and what it says.
public struct Evidence: Equatable, Sendable {
    /// "GO BP", "GO CC", "GO MF", "MSigDB Hallmark v7.5.1", "Reactome 2021-10", "HGNC", "RefSeq summary",
    /// "reference library".
    public let source: String
    /// The row's id: a GO term, a set id, a gene symbol, a PMID or DOI.
    public let id: String
    /// The term or set name, or the summary sentence.
    public let name: String
    /// How the row bears on the claim, e.g. "annotated to GO:0006782 protoporphyrinogen IX
    /// biosynthetic process, which is part of this term".
    public let detail: String?

    public init(source: String, id: String, name: String, detail: String? = nil) {
        self.source = source
        self.id = id
        self.name = name
        self.detail = detail
    }

    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["source": .string(source), "id": .string(id), "name": .string(name)]
        if let detail { members["detail"] = .string(detail) }
        return .object(members)
    }
}

public enum UnverifiableReason: Equatable, Sendable, CustomStringConvertible {
    /// The claim's gene is not one approved gene.
    case unknownGene(String)
    case ambiguousGene(String, candidates: [String])
    /// No term or set name matches the claim's words.
    case noMatchingTerm(String)
    /// Terms match, but the gene has no annotation reaching them; GO is open-world, so that is
    /// not evidence against the claim.
    case notAnnotated(terms: [String])
    /// Biomarker and drug-target claims: no offline source for them is loaded.
    case noOfflineSource(relation: String)
    case malformedCitation(String)
    /// A well-formed PMID or DOI that the supplied reference library does not hold (or no
    /// library was supplied).
    case citationNotInLibrary(String)

    public var description: String {
        switch self {
        case .unknownGene(let gene): return "\"\(gene)\" is not an approved, previous or alias HGNC symbol"
        case let .ambiguousGene(gene, candidates):
            return "\"\(gene)\" names several genes (\(candidates.joined(separator: ", ")))"
        case .noMatchingTerm(let text): return "no GO term or gene-set name matches \"\(text)\""
        case .notAnnotated(let terms):
            return "no annotation or membership reaches \(terms.joined(separator: ", ")); absence is not evidence against"
        case .noOfflineSource(let relation): return "no offline source for \(relation) claims"
        case .malformedCitation(let text): return "\"\(text)\" is neither a PMID nor a DOI"
        case .citationNotInLibrary(let id): return "\(id) is not in the supplied reference library (unverified)"
        }
    }
}
