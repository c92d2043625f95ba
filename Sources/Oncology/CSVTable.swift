import Foundation
import Support

/// A comma- or tab-separated table read whole: RFC 4180 quoting (doubled quotes, separators and
/// line ends inside quotes), a header row, and the line each record started on for error messages.
public struct CSVTable: Sendable {
    public let source: String
    public let header: [String]
    /// Each record's cells, as many as the header (checked on reading).
    public let records: [[String]]
    /// The 1-based line each record starts on.
    public let lines: [Int]

    public init(path: String, separator: Character = ",") throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OncologyInputError(source: path, location: "file", reason: "not UTF-8 text")
        }
        try self.init(text: text, source: (path as NSString).lastPathComponent, separator: separator)
    }

    public init(text: String, source: String, separator: Character = ",") throws {
        self.source = source
        let (rows, damage) = CSVReader.read(text, delimiter: separator)
        if let damage {
            throw OncologyInputError(source: source, location: "line \(damage.line), column \(damage.column)", reason: damage.reason)
        }
        guard let header = rows.first?.fields else { throw OncologyInputError(source: source, location: "line 1", reason: "empty table (no header)") }
        for row in rows.dropFirst() where row.fields.count != header.count {
            throw OncologyInputError(source: source, location: "line \(row.line)",
                                     reason: "expected \(header.count) cells as in the header, found \(row.fields.count)")
        }
        self.header = header
        records = rows.dropFirst().map(\.fields)
        lines = rows.dropFirst().map(\.line)
    }

    /// The index of each required column, in the order asked; an error names the missing ones
    /// and the header found.
    public func columns(_ names: [String]) throws -> [Int] {
        var out: [Int] = []
        var missing: [String] = []
        for name in names {
            if let index = header.firstIndex(of: name) { out.append(index) } else { missing.append(name) }
        }
        guard missing.isEmpty else {
            throw OncologyInputError(source: source, location: "line 1",
                                     reason: "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (header: \(header.joined(separator: ", ")))")
        }
        return out
    }
}
