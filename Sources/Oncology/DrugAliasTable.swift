/// The project's own drug aliases (Benchmarks/tumorboard/drug-aliases.tsv): research code names,
/// misspellings, brands, abbreviations, drug classes and procedures, each with a reason.
public struct DrugAliasTable: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case code, spelling, brand, abbreviation
        /// A class of drugs ("PARP inhibitor"): matched only against the same class.
        case `class`
        /// Not a drug ("surgery").
        case procedure
    }

    public struct Entry: Equatable, Sendable {
        public let alias: String
        public let target: String
        public let kind: Kind
        public let note: String
    }

    public let entries: [Entry]
    private let byKey: [String: Entry]

    public static let empty = DrugAliasTable(entries: [])

    public init(entries: [Entry]) {
        self.entries = entries
        byKey = Dictionary(entries.map { (DrugName.key($0.alias), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads the TSV: "#" comment lines, then the header `alias target kind note`. Duplicate
    /// aliases and unknown kinds are errors naming the line.
    public init(path: String) throws {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read as UTF-8: \(error.localizedDescription)")
        }
        try self.init(text: text, source: path.split(separator: "/").last.map(String.init) ?? path)
    }

    public init(text: String, source: String) throws {
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        var sawHeader = false
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let row = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if row.hasPrefix("#") || row.trimmingSpaces.isEmpty { continue }
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            if !sawHeader {
                guard cells == ["alias", "target", "kind", "note"] else {
                    throw OncologyInputError(source: source, location: "line \(line)", reason: "expected the header alias<tab>target<tab>kind<tab>note")
                }
                sawHeader = true
                continue
            }
            guard cells.count == 4, !cells[0].isEmpty, !cells[1].isEmpty else {
                throw OncologyInputError(source: source, location: "line \(line)", reason: "expected 4 tab-separated cells with alias and target, found \(cells.count)")
            }
            guard let kind = Kind(rawValue: cells[2]) else {
                throw OncologyInputError(source: source, location: "line \(line), column kind",
                                         reason: "expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(cells[2])\"")
            }
            let key = DrugName.key(cells[0])
            if let first = seen[key] {
                throw OncologyInputError(source: source, location: "line \(line), column alias", reason: "\"\(cells[0])\" repeats the alias of line \(first)")
            }
            seen[key] = line
            entries.append(Entry(alias: cells[0], target: cells[1], kind: kind, note: cells[3]))
        }
        guard sawHeader else { throw OncologyInputError(source: source, location: "line 1", reason: "no header") }
        self.init(entries: entries)
    }

    public func entry(for name: String) -> Entry? { byKey[DrugName.key(name)] }
}
