import Foundation
import Support

/// A text file split into numbered lines, with tab- and comma-separated field splitting.
///
/// Whole files are read at once: the largest input (the HGNC table) is 6.5 MB.
struct DelimitedText {
    struct Line {
        /// 1-based line number in the file.
        let number: Int
        let text: Substring
    }

    let path: String
    /// Non-blank lines in file order; "\r\n" endings are accepted.
    let lines: [Line]

    init(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw GenesError(file: path, .unreadable((error as NSError).localizedDescription))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GenesError(file: path, .unreadable("not UTF-8 text"))
        }
        self.init(path: path, text: text)
    }

    init(path: String, text: String) {
        self.path = path
        var lines: [Line] = []
        var number = 0
        // Split on bytes, not Characters: grapheme breaking made loading the HGNC table 3x slower.
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let trimmed = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
            if trimmed.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            lines.append(Line(number: number, text: Substring(trimmed)))
        }
        self.lines = lines
    }

    func error(_ line: Line?, column: Int? = nil, _ problem: GenesError.Problem) -> GenesError {
        GenesError(file: path, line: line?.number, column: column, problem)
    }

    /// Fields between tabs, kept empty where a cell is empty.
    static func tabFields(_ line: Substring) -> [Substring] {
        line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// Fields of one CSV row (RFC 4180 quoting: `"a,b"` and `""` inside quotes). A quoted field
    /// may not span lines; damage is an error naming the column where it starts.
    func csvFields(_ line: Line) throws -> [String] {
        let (records, damage) = CSVReader.read(String(line.text))
        if let damage {
            let reason = damage.reason.hasSuffix("never closed") ? "quote opened here is not closed on this line" : damage.reason
            throw error(line, column: damage.column, .malformedRow(reason))
        }
        return records.first?.fields ?? [""]
    }

    /// The field splitter for a file: tab if the header line holds a tab, comma otherwise.
    func fields(_ line: Line, tabSeparated: Bool) throws -> [String] {
        tabSeparated ? Self.tabFields(line.text).map(String.init) : try csvFields(line)
    }
}
