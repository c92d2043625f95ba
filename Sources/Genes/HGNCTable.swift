import Foundation

/// One row of the HGNC table.
public struct HGNCEntry: Equatable, Sendable {
    public enum Status: String, Sendable {
        case approved = "Approved"
        case symbolWithdrawn = "Symbol Withdrawn"
        case entryWithdrawn = "Entry Withdrawn"
    }

    /// "HGNC:4566"
    public let id: String
    public let symbol: String
    public let name: String
    public let status: Status
    public let aliases: [String]
    public let previousSymbols: [String]
    /// NCBI Gene id, when the table has the column and the row a value.
    public let ncbiGeneID: String?
    public let locusType: String?
    /// For a withdrawn symbol: the HGNC ids its name says to see instead.
    public let replacedBy: [String]
}

/// The HGNC table (`hgnc_entries.tsv`, the genenames.org download format) with lookups by
/// approved, previous and alias symbol, exact and case-folded.
///
/// Case: human symbols are upper case except the "orf" of open reading frames (C1orf43) and a few
/// aliases (Oct4); Illumina-era lists write C1ORF43. Exact matches are tried first, so case-folding
/// only rescues spellings no gene has exactly.
public struct HGNCTable: Sendable {
    public let path: String
    /// Approved entries only; withdrawn ones are kept apart.
    public let entries: [HGNCEntry]
    let approved: SymbolIndex
    let previous: SymbolIndex
    let alias: SymbolIndex
    /// Withdrawn symbol to its row.
    let withdrawn: [String: HGNCEntry]
    let withdrawnFolded: [String: HGNCEntry]
    private let byID: [String: Int]

    static let required = ["HGNC ID", "Approved symbol", "Approved name", "Status", "Alias symbols", "Previous symbols"]
    static let ncbiColumn = "NCBI Gene ID(supplied by NCBI)", locusColumn = "Locus type"

    public init(path: String) throws {
        try self.init(text: DelimitedText(path: path))
    }

    init(text: DelimitedText) throws {
        path = text.path
        guard let header = text.lines.first else { throw text.error(nil, .empty(what: "HGNC table")) }
        let names = DelimitedText.tabFields(header.text).map(String.init)
        var at: [Int] = []
        for name in Self.required {
            guard let index = names.firstIndex(of: name) else {
                throw text.error(header, .missingColumn(name: name, found: names))
            }
            at.append(index)
        }
        let ncbiAt = names.firstIndex(of: Self.ncbiColumn), locusAt = names.firstIndex(of: Self.locusColumn)

        var entries: [HGNCEntry] = []
        var withdrawn: [String: HGNCEntry] = [:]
        var firstLine: [String: Int] = [:]
        for line in text.lines.dropFirst() {
            let fields = DelimitedText.tabFields(line.text)
            guard fields.count == names.count else {
                throw text.error(line, .malformedRow("expected \(names.count) tab-separated fields, found \(fields.count)"))
            }
            func value(_ index: Int?) -> String? {
                guard let index else { return nil }
                let cell = fields[index].trimmed
                return cell.isEmpty ? nil : cell
            }
            let statusText = String(fields[at[3]])
            guard let status = HGNCEntry.Status(rawValue: statusText) else {
                throw text.error(line, column: at[3] + 1, .malformedRow("unknown status \"\(statusText)\""))
            }
            guard let id = value(at[0]), let symbol = value(at[1]) else {
                throw text.error(line, .malformedRow("empty HGNC ID or symbol"))
            }
            if let first = firstLine[id] { throw text.error(line, .duplicate(key: id, firstLine: first)) }
            firstLine[id] = line.number
            let name = value(at[2]) ?? ""
            let entry = HGNCEntry(
                id: id, symbol: symbol, name: name, status: status,
                aliases: Self.list(fields[at[4]]), previousSymbols: Self.list(fields[at[5]]),
                ncbiGeneID: value(ncbiAt), locusType: value(locusAt),
                replacedBy: status == .symbolWithdrawn ? Self.hgncIDs(in: name) : [])
            if status == .approved { entries.append(entry) } else { withdrawn[symbol] = entry }
        }
        guard !entries.isEmpty else { throw text.error(nil, .empty(what: "HGNC table (no approved genes)")) }
        self.entries = entries
        self.withdrawn = withdrawn
        withdrawnFolded = Dictionary(withdrawn.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        byID = Dictionary(entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        approved = SymbolIndex(entries.indices.map { (entries[$0].symbol, $0) })
        previous = SymbolIndex(entries.indices.flatMap { i in entries[i].previousSymbols.map { ($0, i) } })
        alias = SymbolIndex(entries.indices.flatMap { i in entries[i].aliases.map { ($0, i) } })
    }

    public func entry(id: String) -> HGNCEntry? { byID[id].map { entries[$0] } }

    public func entry(approvedSymbol symbol: String) -> HGNCEntry? {
        approved.exact[symbol]?.first.map { entries[$0] }
    }

    /// "A, B, C" cells.
    private static func list(_ cell: Substring) -> [String] {
        cell.split(separator: ",").map(\.trimmed).filter { !$0.isEmpty }
    }

    /// The distinct "HGNC:n" ids in a withdrawn row's name ("symbol withdrawn, see [HGNC:12469](...)").
    private static func hgncIDs(in text: String) -> [String] {
        var ids: [String] = []
        var rest = text[...]
        while let range = rest.range(of: "HGNC:") {
            let digits = rest[range.upperBound...].prefix(while: \.isNumber)
            if !digits.isEmpty, !ids.contains("HGNC:\(digits)") { ids.append("HGNC:\(digits)") }
            rest = rest[range.upperBound...]
        }
        return ids
    }
}

/// Symbol to the entries carrying it, exact and upper-cased.
struct SymbolIndex: Sendable {
    let exact: [String: [Int]]
    let folded: [String: [Int]]

    init(_ pairs: [(String, Int)]) {
        var exact: [String: [Int]] = [:], folded: [String: [Int]] = [:]
        for (symbol, index) in pairs {
            if exact[symbol]?.contains(index) != true { exact[symbol, default: []].append(index) }
            let key = symbol.uppercased()
            if folded[key]?.contains(index) != true { folded[key, default: []].append(index) }
        }
        self.exact = exact
        self.folded = folded
    }
}
