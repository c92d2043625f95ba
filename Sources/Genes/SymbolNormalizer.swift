/// Maps input symbols to current HGNC genes, in HGNC's order of trust: approved symbol, then
/// previous symbol, then alias, each tried exactly before case-folded. An input that names
/// several genes at the first tier that knows it is ambiguous (never guessed); an Excel date is
/// read back to its possible symbols first; `LOC…` and `Hs.…` ids have no symbol.
public struct SymbolNormalizer: Sendable {
    public let table: HGNCTable

    public init(table: HGNCTable) { self.table = table }

    public func resolve(_ input: String) -> SymbolResolution {
        let text = input.trimmed
        guard !text.isEmpty else { return SymbolResolution(input: input, mapping: .unresolved(reason: .empty)) }
        if let found = lookup(text) {
            return SymbolResolution(input: input, mapping: found.mapping, caseFolded: found.folded)
        }
        let readings = ExcelDateSymbol.candidates(text)
        if !readings.isEmpty {
            return SymbolResolution(input: input, mapping: excelMapping(raw: text, readings: readings))
        }
        if let placeholder = Self.placeholder(text) {
            return SymbolResolution(input: input, mapping: .unresolved(reason: .noSymbol(placeholder: placeholder)))
        }
        if let withdrawn = table.withdrawn[text] ?? table.withdrawnFolded[text.uppercased()] {
            return SymbolResolution(input: input, mapping: .unresolved(
                reason: .withdrawn(hgncID: withdrawn.id, replacedBy: withdrawn.replacedBy)))
        }
        return SymbolResolution(input: input, mapping: .unresolved(reason: .unknown))
    }

    public func resolveAll(_ inputs: [String]) -> [SymbolResolution] { inputs.map(resolve) }

    /// The one approved symbol `text` names as a symbol (approved, previous or alias, exact or
    /// case-folded), without Excel repair: how knowledge files written in older symbols are keyed.
    public func currentSymbol(_ text: String) -> String? {
        guard let found = lookup(text) else { return nil }
        return found.mapping.symbol
    }

    // MARK: Tiers

    /// The first tier (exact, then case-folded) that knows `text`; nil when none does. `rank`
    /// orders tiers, lower first: exact approved 0, previous 1, alias 2, then folded 3, 4, 5.
    private func lookup(_ text: String) -> (mapping: SymbolMapping, folded: Bool, rank: Int)? {
        let tiers: [(SymbolIndex, SymbolCandidate.Route)] = [
            (table.approved, .approved), (table.previous, .previous), (table.alias, .alias),
        ]
        for folded in [false, true] {
            let key = folded ? text.uppercased() : text
            for (tier, (index, route)) in tiers.enumerated() {
                guard let hits = folded ? index.folded[key] : index.exact[key] else { continue }
                let candidates = hits.map { candidate(table.entries[$0], route: route, input: text) }
                let rank = tier + (folded ? tiers.count : 0)
                if candidates.count > 1 { return (.ambiguous(candidates: candidates), folded, rank) }
                if let only = candidates.first { return (mapping(only), folded, rank) }
            }
        }
        return nil
    }

    private func candidate(_ entry: HGNCEntry, route: SymbolCandidate.Route, input: String) -> SymbolCandidate {
        let spellings: [String]
        switch route {
        case .approved: spellings = [entry.symbol]
        case .previous: spellings = entry.previousSymbols
        case .alias: spellings = entry.aliases
        }
        let matched = spellings.first { $0 == input } ?? spellings.first { $0.uppercased() == input.uppercased() } ?? input
        return SymbolCandidate(symbol: entry.symbol, hgncID: entry.id, route: route, matched: matched)
    }

    private func mapping(_ candidate: SymbolCandidate) -> SymbolMapping {
        switch candidate.route {
        case .approved: return .approved(symbol: candidate.symbol, hgncID: candidate.hgncID)
        case .previous: return .fromPrevious(old: candidate.matched, symbol: candidate.symbol, hgncID: candidate.hgncID)
        case .alias: return .fromAlias(alias: candidate.matched, symbol: candidate.symbol, hgncID: candidate.hgncID)
        }
    }

    // MARK: Excel dates

    /// The readings HGNC knows at the best tier decide, as for any symbol: "8-Mar" reads as
    /// MARCH8 (a previous symbol of MARCHF8) and as Mar8 (only an alias of RTL8C), and the
    /// previous symbol wins. Readings at the best tier that name different genes are ambiguous.
    private func excelMapping(raw: String, readings: [String]) -> SymbolMapping {
        let found = readings.compactMap { read in lookup(read).map { (read: read, mapping: $0.mapping, rank: $0.rank) } }
        guard let best = found.map(\.rank).min() else { return .unresolved(reason: .excelDateUnknown(tried: readings)) }
        let top = found.filter { $0.rank == best }
        var candidates: [SymbolCandidate] = []
        for reading in top {
            if case .ambiguous(let more) = reading.mapping {
                candidates += more
            } else if let symbol = reading.mapping.symbol, let id = reading.mapping.hgncID {
                candidates.append(SymbolCandidate(symbol: symbol, hgncID: id, route: route(of: reading.mapping), matched: reading.read))
            }
        }
        if Set(candidates.map(\.hgncID)).count > 1 { return .ambiguous(candidates: candidates) }
        // One gene, perhaps reached by several spellings: report the first, in `spellings` order.
        return .excelRepaired(raw: raw, read: top[0].read, then: top[0].mapping)
    }

    private func route(of mapping: SymbolMapping) -> SymbolCandidate.Route {
        switch mapping {
        case .fromPrevious: return .previous
        case .fromAlias: return .alias
        default: return .approved
        }
    }

    // MARK: Placeholders

    /// "LOC" or "Hs." when `text` is an NCBI LOC id (LOC653907) or a UniGene cluster (HS.105618).
    static func placeholder(_ text: String) -> String? {
        let upper = text.uppercased()
        if upper.hasPrefix("LOC"), upper.count > 3, upper.dropFirst(3).allSatisfy(\.isASCIIDigit) { return "LOC" }
        if upper.hasPrefix("HS."), upper.count > 3, upper.dropFirst(3).allSatisfy(\.isASCIIDigit) { return "Hs." }
        return nil
    }
}
