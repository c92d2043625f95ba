import Foundation

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
        var rows: [[String]] = []
        var starts: [Int] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var rowStart = 1
        var afterQuote = false
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { cell.append("\""); i += 1 } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    cell.append(c)
                }
            } else if c == "\"", cell.isEmpty, !afterQuote {
                quoted = true
            } else if c == separator {
                row.append(cell); cell = ""; afterQuote = false
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(cell); cell = ""; afterQuote = false
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row); starts.append(rowStart) }
                row = []
                line += 1
                rowStart = line
            } else if afterQuote {
                throw OncologyInputError(source: source, location: "line \(line)", reason: "text after a closing quote")
            } else {
                cell.append(c)
            }
            i += 1
        }
        if quoted { throw OncologyInputError(source: source, location: "line \(rowStart)", reason: "unterminated quoted cell") }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row); starts.append(rowStart) }
        guard let header = rows.first else { throw OncologyInputError(source: source, location: "line 1", reason: "empty table (no header)") }
        for (index, record) in rows.enumerated().dropFirst() where record.count != header.count {
            throw OncologyInputError(source: source, location: "line \(starts[index])",
                                     reason: "expected \(header.count) cells as in the header, found \(record.count)")
        }
        self.header = header
        records = Array(rows.dropFirst())
        lines = Array(starts.dropFirst())
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
