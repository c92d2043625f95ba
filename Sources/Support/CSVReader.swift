/// One CSV record: its fields and the 1-based line where it starts (records may span lines
/// inside quotes, so the line is what an error message needs).
public struct CSVRecord: Equatable, Sendable {
    public let line: Int
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Why a CSV text could not be split into records: the line (and, within it, the 1-based
/// character column) where the damage starts.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let reason: String
    public var description: String { "line \(line), column \(column): \(reason)" }

    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }
}

/// The project's one RFC 4180 reader (exam sets, tumor-board tables, gene tables all use it):
/// quoted fields may hold the delimiter, doubled quotes and line breaks; "\r\n", "\n" and "\r"
/// end a record; a leading UTF-8 byte-order mark is dropped; blank lines are skipped.
public enum CSVReader {
    /// The records, and an error for damage that makes the rest unreadable: a quote never
    /// closed (it swallows the rest of the file) or text after a closing quote (`"a"b`: where
    /// the field ends is a guess). Every record before the damage is still returned so that a
    /// caller can load them.
    public static func read(_ text: String, delimiter: Character = ",") -> (records: [CSVRecord], error: CSVError?) {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var column = 0
        var recordLine = 1
        var quoteStart = (line: 1, column: 1)
        var fieldStarted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        if text.first == "\u{FEFF}" { _ = characters.next() }

        func endRecord() {
            fields.append(field)
            // A record with one empty field is a blank line.
            if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldStarted = false
        }

        while let character = pending ?? characters.next() {
            pending = nil
            column += 1
            if inQuotes {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                        column += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    if character == "\n" || character == "\r\n" || character == "\r" {
                        line += 1
                        column = 0
                    }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                fieldStarted = true
                quoteStart = (line, column)
            case delimiter:
                fields.append(field)
                field = ""
                fieldStarted = true
                afterQuote = false
            case "\n", "\r\n", "\r":
                endRecord()
                afterQuote = false
                line += 1
                column = 0
                recordLine = line
            default:
                if afterQuote {
                    return (records, CSVError(line: line, column: column, reason: "text after a closing quote"))
                }
                field.append(character)
                fieldStarted = true
            }
        }
        if inQuotes {
            return (records, CSVError(line: quoteStart.line, column: quoteStart.column,
                                      reason: "a quoted field opened here is never closed"))
        }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        return (records, nil)
    }
}
