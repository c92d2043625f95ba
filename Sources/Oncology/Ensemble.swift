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
}
