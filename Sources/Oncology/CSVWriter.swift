import Foundation

/// Writes tables that `CSVTable` (and spreadsheets) read back: a cell is quoted when it holds the
/// separator, a quote or a line end, quotes are doubled, and lines end in "\n".
public enum CSVWriter {
    public static func text(header: [String], records: [[String]], separator: Character = ",") -> String {
        ([header] + records).map { line($0, separator: separator) }.joined()
    }

    public static func line(_ cells: [String], separator: Character = ",") -> String {
        cells.map { cell($0, separator: separator) }.joined(separator: String(separator)) + "\n"
    }

    static func cell(_ text: String, separator: Character) -> String {
        guard text.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
