/// One CSV record: its fields and the 1-based line where it starts (records may span lines
/// inside quotes, so the line is what an error message needs).
public struct CSVRecord: Equatable, Sendable {
    public let line: Int
    public let fields: [String]
}

/// Why a CSV text could not be split into records: the line where the damage starts.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// RFC 4180 CSV: quoted fields may hold the delimiter, doubled quotes and line breaks; "\r\n"
/// and "\n" both end a record; a leading UTF-8 byte-order mark is dropped. Blank lines are skipped.
public enum CSVReader {
    /// The records, and an error only for an unterminated quote (which swallows the rest of the
    /// file); every record before it is still returned so that the caller can load them.
    public static func read(_ text: String, delimiter: Character = ",") -> (records: [CSVRecord], error: CSVError?) {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
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
            if inQuotes {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
                fieldStarted = true
                quoteLine = line
            case delimiter:
                fields.append(field)
                field = ""
                fieldStarted = true
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(character)
                fieldStarted = true
            }
        }
        if inQuotes {
            return (records, CSVError(line: quoteLine, reason: "a quoted field opened here is never closed"))
        }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        return (records, nil)
    }
}
