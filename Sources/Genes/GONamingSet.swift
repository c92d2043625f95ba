/// One gene set of the GO-naming benchmark (Hu et al., Nat Methods 2025): the genes annotated to
/// a GO biological process, the term's name, and two controls of the same size from the same
/// file: half the genes replaced at random, and all of them replaced at random.
public struct GONamingSet: Equatable, Sendable {
    public enum Variant: String, CaseIterable, Sendable {
        /// The term's own genes.
        case real
        /// Half the genes swapped for random ones.
        case halfRandom = "half_random"
        /// Every gene random: no shared function is expected.
        case random
    }

    /// The GO id, "GO:0048627".
    public let term: String
    /// The curated term name the theme should name, "myoblast development".
    public let name: String
    public let genes: [String]
    public let halfRandom: [String]
    public let random: [String]

    public func genes(_ variant: Variant) -> [String] {
        switch variant {
        case .real: return genes
        case .halfRandom: return halfRandom
        case .random: return random
        }
    }

    /// Reads `hu2025_go_bp_1000_contaminated*.csv`: columns GO, Genes, Term_Description,
    /// 50perc_contaminated_Genes and 100perc_contaminated_Genes (genes space-separated).
    /// Errors give file, line and column.
    public static func load(path: String) throws -> [GONamingSet] {
        let text = try DelimitedText(path: path)
        guard let header = text.lines.first else { throw text.error(nil, .empty(what: "GO-naming set file")) }
        let names = try text.csvFields(header)
        let wanted = ["GO", "Genes", "Term_Description", "50perc_contaminated_Genes", "100perc_contaminated_Genes"]
        let columns = try wanted.map { name -> Int in
            guard let index = names.firstIndex(of: name) else {
                throw text.error(header, .missingColumn(name: name, found: names))
            }
            return index
        }
        var seen: [String: Int] = [:]
        var sets: [GONamingSet] = []
        for line in text.lines.dropFirst() {
            let fields = try text.csvFields(line)
            guard fields.count == names.count else {
                throw text.error(line, .malformedRow("expected \(names.count) fields, found \(fields.count)"))
            }
            let cells = columns.map { fields[$0] }
            let lists = cells[1...].map { $0.split(separator: " ").map(String.init) }
            for (offset, list) in [lists[0], lists[2], lists[3]].enumerated() where list.isEmpty {
                throw text.error(line, column: [columns[1], columns[3], columns[4]][offset] + 1, .empty(what: "gene list"))
            }
            if let first = seen.updateValue(line.number, forKey: cells[0]) {
                throw text.error(line, column: columns[0] + 1, .duplicate(key: cells[0], firstLine: first))
            }
            sets.append(GONamingSet(term: cells[0], name: cells[2], genes: lists[0], halfRandom: lists[2], random: lists[3]))
        }
        guard !sets.isEmpty else { throw text.error(nil, .empty(what: "GO-naming set file")) }
        return sets
    }
}
