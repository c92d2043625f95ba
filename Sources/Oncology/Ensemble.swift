/// Options kept by agreement: an option (case, alteration, option text) proposed by at least `k`
/// distinct sources (runs or models), the paper's best-precision rule counted by source.
public enum Ensemble {
    public static func atLeast(_ k: Int, of rows: [TherapyOptionRow], name: String = "ensemble") -> [TherapyOptionRow] {
        var sources: [[String]: Set<String>] = [:]
        for row in rows { sources[[row.caseID, row.alteration, row.option], default: []].insert(row.source) }
        return sources.filter { $0.value.count >= k }.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
            TherapyOptionRow(caseID: $0[0], alteration: $0[1], source: name, option: $0[2])
        }
    }

    /// The same rule with options matched by `key` within a case (e.g. `OptionScorer.key(_, .normalized)`,
    /// so "dabrafenib and trametinib" and "Trametinib + dabrafenib" are one option). Each kept option
    /// is written as the first row proposing it, in the order of `rows`.
    public static func atLeast(_ k: Int, of rows: [TherapyOptionRow], name: String,
                               key: (TherapyOptionRow) -> OptionKey) -> [TherapyOptionRow] {
        struct Slot: Hashable { let caseID: String; let key: OptionKey }
        var sources: [Slot: Set<String>] = [:]
        var first: [Slot: TherapyOptionRow] = [:]
        var order: [Slot] = []
        for row in rows {
            let slot = Slot(caseID: row.caseID, key: key(row))
            if first[slot] == nil { first[slot] = row; order.append(slot) }
            sources[slot, default: []].insert(row.source)
        }
        return order.filter { (sources[$0]?.count ?? 0) >= k }.compactMap { slot in
            first[slot].map { TherapyOptionRow(caseID: $0.caseID, alteration: $0.alteration, source: name, option: $0.option, citations: $0.citations) }
        }
    }
}
