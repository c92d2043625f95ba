import Support

/// A module set with every symbol mapped through HGNC: the output of the flow's step 1, and the
/// mapping part of the run's record.
public struct NormalizedModuleSet: Equatable, Sendable {
    public let set: ModuleSet
    /// Per module, in module order: each raw symbol's resolution, in the module's order.
    public let resolutions: [[SymbolResolution]]
    /// Over the set's distinct raw symbols.
    public let coverage: MappingCoverage

    public init(_ set: ModuleSet, normalizer: SymbolNormalizer) {
        self.set = set
        var cache: [String: SymbolResolution] = [:]
        let resolve = { (symbol: String) -> SymbolResolution in
            if let known = cache[symbol] { return known }
            let resolution = normalizer.resolve(symbol)
            cache[symbol] = resolution
            return resolution
        }
        resolutions = set.modules.map { $0.symbols.map(resolve) }
        coverage = MappingCoverage(set.distinctSymbols.map(resolve))
    }

    /// The current symbols of one module, each once, in module order; inputs with no single gene
    /// are left out (they stay in `resolutions` for the record).
    public func genes(ofModule index: Int) -> [String] {
        guard resolutions.indices.contains(index) else { return [] }
        var ordered = OrderedSymbols()
        resolutions[index].compactMap(\.mapping.symbol).forEach { ordered.add($0) }
        return ordered.symbols
    }

    public var jsonValue: JSONValue {
        .object([
            "name": .string(set.name), "source": .string(set.source),
            "coverage": coverage.jsonValue,
            "modules": .array(set.modules.enumerated().map { index, module in
                var members: [String: JSONValue] = [
                    "id": .string(module.id),
                    "symbols": .array(resolutions[index].map(\.jsonValue)),
                    "genes": .array(genes(ofModule: index).map { .string($0) }),
                ]
                if let title = module.title { members["title"] = .string(title) }
                if let aggregate = module.aggregate { members["aggregate"] = .string(aggregate) }
                return .object(members)
            }),
        ])
    }
}
