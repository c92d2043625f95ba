import Foundation
import Support

/// A rating sheet as a table, read the way spreadsheets save it: UTF-8 with or without a byte-order
/// mark, "\r\n" or "\n" line ends, cells quoted over several lines, and `,`, `;` (Excel and
/// LibreOffice in locales with a decimal comma) or a tab as delimiter, whichever makes the header
/// hold the `item` column. Written with `,` and "\n" (`text(header:records:)`).
struct SheetTable {
    let source: String
    let header: [String]
    /// Each record padded with empty cells to the header's width (spreadsheets may drop empty
    /// trailing cells).
    let records: [[String]]
    /// The 1-based line each record starts on (the header is line 1).
    let lines: [Int]

    static let delimiters: [Character] = [",", ";", "\t"]

    /// Reads the file; the errors name the file and line and are returned, not thrown, so that an
    /// import can report every sheet's problems together.
    static func read(path: String, requiredColumn: String) -> Result<SheetTable, RatingsInputErrors> {
        let name = (path as NSString).lastPathComponent
        func failure(_ location: String, _ reason: String) -> Result<SheetTable, RatingsInputErrors> {
            .failure(RatingsInputErrors([RatingsInputError(source: name, location: location, reason: reason)]))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return failure("file", "cannot read the sheet") }
        guard let text = String(data: data, encoding: .utf8) else {
            return failure("file", "not UTF-8 text (save the sheet as CSV UTF-8)")
        }
        let parsed = delimiters.lazy.map { (delimiter: $0, result: CSVReader.read(text, delimiter: $0)) }
        guard let (delimiter, (rows, damage)) = parsed.first(where: { $0.result.records.first?.fields.map(trim).contains(requiredColumn) ?? false }) else {
            let first = CSVReader.read(text).records.first?.fields ?? []
            return failure("line 1", "missing column \(requiredColumn) (header read with , ; or tab: \(first.joined(separator: ", ")))")
        }
        var errors: [RatingsInputError] = []
        if let damage {
            errors.append(RatingsInputError(source: name, location: "line \(damage.line), column \(damage.column)", reason: damage.reason))
        }
        let header = rows[0].fields.map(trim)
        var records: [[String]] = []
        var lines: [Int] = []
        for row in rows.dropFirst() {
            var fields = row.fields
            if fields.count > header.count {
                guard fields[header.count...].allSatisfy({ trim($0).isEmpty }) else {
                    errors.append(RatingsInputError(source: name, location: "line \(row.line)",
                                                    reason: "\(fields.count) cells, more than the header's \(header.count) (delimiter \"\(delimiter)\")"))
                    continue
                }
                fields = Array(fields.prefix(header.count))
            }
            records.append(fields + Array(repeating: "", count: header.count - fields.count))
            lines.append(row.line)
        }
        guard errors.isEmpty else { return .failure(RatingsInputErrors(errors)) }
        return .success(SheetTable(source: name, header: header, records: records, lines: lines))
    }

    static func trim(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    // MARK: Writing

    static func text(header: [String], records: [[String]]) -> String {
        ([header] + records).map { $0.map(cell).joined(separator: ",") + "\n" }.joined()
    }

    /// Quoted when it holds the delimiter, a quote or a line end; quotes doubled.
    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
