import Support

/// How a list of input symbols resolved: counts per kind of mapping, for the run's report.
public struct MappingCoverage: Equatable, Sendable {
    public let total: Int
    /// Kind ("approved", "from_previous", ...) to count; every kind present, zeros included.
    public let counts: [String: Int]
    /// Inputs that needed case-folding, whatever their kind.
    public let caseFolded: Int
    /// Distinct approved genes reached.
    public let distinctGenes: Int
    /// Inputs with no single gene, in input order.
    public let ambiguousInputs: [String]
    public let unresolvedInputs: [String]

    static let kinds = ["approved", "from_previous", "from_alias", "excel_repaired", "ambiguous", "unresolved"]

    public init(_ resolutions: [SymbolResolution]) {
        total = resolutions.count
        var counts = Dictionary(uniqueKeysWithValues: Self.kinds.map { ($0, 0) })
        for resolution in resolutions { counts[resolution.mapping.kind, default: 0] += 1 }
        self.counts = counts
        caseFolded = resolutions.filter(\.caseFolded).count
        distinctGenes = Set(resolutions.compactMap(\.mapping.hgncID)).count
        ambiguousInputs = resolutions.filter { $0.mapping.kind == "ambiguous" }.map(\.input)
        unresolvedInputs = resolutions.filter { $0.mapping.kind == "unresolved" }.map(\.input)
    }

    /// Inputs that reached exactly one gene.
    public var resolved: Int { total - ambiguousInputs.count - unresolvedInputs.count }

    public var jsonValue: JSONValue {
        .object([
            "total": .number(Double(total)), "resolved": .number(Double(resolved)),
            "counts": .object(counts.mapValues { .number(Double($0)) }),
            "case_folded": .number(Double(caseFolded)), "distinct_genes": .number(Double(distinctGenes)),
            "ambiguous": .array(ambiguousInputs.map { .string($0) }),
            "unresolved": .array(unresolvedInputs.map { .string($0) }),
        ])
    }
}
