import Support

/// How one input symbol maps to a current HGNC gene: the record a run keeps for every symbol.
public enum SymbolMapping: Equatable, Sendable {
    /// The input is a current approved symbol.
    case approved(symbol: String, hgncID: String)
    /// The input is a previous symbol (`old`, as HGNC spells it) of exactly one approved gene.
    case fromPrevious(old: String, symbol: String, hgncID: String)
    /// The input is an alias (`alias`, as HGNC spells it) of exactly one approved gene.
    case fromAlias(alias: String, symbol: String, hgncID: String)
    /// The input was an Excel date (`raw`, e.g. "8-Mar"), read back as the symbol `read`
    /// ("MARCH8"), which maps as `then` says (approved, previous or alias; never nested).
    indirect case excelRepaired(raw: String, read: String, then: SymbolMapping)
    /// The input names several approved genes; none is picked.
    case ambiguous(candidates: [SymbolCandidate])
    case unresolved(reason: UnresolvedReason)

    /// The current approved symbol, when the mapping names exactly one gene.
    public var symbol: String? {
        switch self {
        case .approved(let symbol, _), .fromPrevious(_, let symbol, _), .fromAlias(_, let symbol, _): return symbol
        case .excelRepaired(_, _, let then): return then.symbol
        case .ambiguous, .unresolved: return nil
        }
    }

    public var hgncID: String? {
        switch self {
        case .approved(_, let id), .fromPrevious(_, _, let id), .fromAlias(_, _, let id): return id
        case .excelRepaired(_, _, let then): return then.hgncID
        case .ambiguous, .unresolved: return nil
        }
    }

    /// A short name for the kind of mapping, used in JSON and coverage counts.
    public var kind: String {
        switch self {
        case .approved: return "approved"
        case .fromPrevious: return "from_previous"
        case .fromAlias: return "from_alias"
        case .excelRepaired: return "excel_repaired"
        case .ambiguous: return "ambiguous"
        case .unresolved: return "unresolved"
        }
    }
}

/// One gene an ambiguous input could mean, and which HGNC field led there.
public struct SymbolCandidate: Equatable, Sendable {
    public enum Route: String, Sendable { case approved, previous, alias }

    public let symbol: String
    public let hgncID: String
    public let route: Route
    /// The HGNC spelling matched ("MARCH1"; for an Excel date, the symbol read from it).
    public let matched: String

    public init(symbol: String, hgncID: String, route: Route, matched: String) {
        self.symbol = symbol
        self.hgncID = hgncID
        self.route = route
        self.matched = matched
    }
}

public enum UnresolvedReason: Equatable, Sendable {
    /// Blank input.
    case empty
    /// An NCBI placeholder (`LOC…`) or UniGene cluster (`Hs.…`) id: no gene symbol exists for it.
    case noSymbol(placeholder: String)
    /// A symbol HGNC withdrew; `replacedBy` are the HGNC ids it points to (none left approved
    /// that list it as a previous symbol, or it would have resolved).
    case withdrawn(hgncID: String, replacedBy: [String])
    /// An Excel date whose possible symbols (`tried`) are not known to HGNC.
    case excelDateUnknown(tried: [String])
    /// Not an approved, previous or alias symbol, in any case.
    case unknown
}

/// One input symbol and its mapping.
public struct SymbolResolution: Equatable, Sendable {
    public let input: String
    public let mapping: SymbolMapping
    /// True when the match needed case-folding (C14ORF45 for C14orf45).
    public let caseFolded: Bool

    public init(input: String, mapping: SymbolMapping, caseFolded: Bool = false) {
        self.input = input
        self.mapping = mapping
        self.caseFolded = caseFolded
    }
}

// MARK: JSON for the run's record

extension SymbolResolution {
    public var jsonValue: JSONValue {
        guard case .object(var members) = mapping.jsonValue else { return mapping.jsonValue }
        members["input"] = .string(input)
        if caseFolded { members["case_folded"] = .bool(true) }
        return .object(members)
    }
}

extension SymbolMapping {
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["status": .string(kind)]
        switch self {
        case let .approved(symbol, id):
            members["symbol"] = .string(symbol); members["hgnc_id"] = .string(id)
        case let .fromPrevious(old, symbol, id):
            members["previous"] = .string(old); members["symbol"] = .string(symbol); members["hgnc_id"] = .string(id)
        case let .fromAlias(alias, symbol, id):
            members["alias"] = .string(alias); members["symbol"] = .string(symbol); members["hgnc_id"] = .string(id)
        case let .excelRepaired(raw, read, then):
            members["raw"] = .string(raw); members["read"] = .string(read); members["then"] = then.jsonValue
        case let .ambiguous(candidates):
            members["candidates"] = .array(candidates.map(\.jsonValue))
        case let .unresolved(reason):
            members["reason"] = reason.jsonValue
        }
        return .object(members)
    }
}

extension SymbolCandidate {
    public var jsonValue: JSONValue {
        .object(["symbol": .string(symbol), "hgnc_id": .string(hgncID), "route": .string(route.rawValue),
                 "matched": .string(matched)])
    }
}

extension UnresolvedReason {
    public var jsonValue: JSONValue {
        switch self {
        case .empty: return .object(["kind": .string("empty")])
        case .noSymbol(let placeholder):
            return .object(["kind": .string("no_symbol"), "placeholder": .string(placeholder)])
        case let .withdrawn(id, replacedBy):
            return .object(["kind": .string("withdrawn"), "hgnc_id": .string(id),
                            "replaced_by": .array(replacedBy.map { .string($0) })])
        case .excelDateUnknown(let tried):
            return .object(["kind": .string("excel_date_unknown"), "tried": .array(tried.map { .string($0) })])
        case .unknown: return .object(["kind": .string("unknown")])
        }
    }
}
