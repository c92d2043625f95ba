/// Reading template variables from JSON text (tool schemas, rich messages), keeping object key
/// order, which Foundation's JSONSerialization loses and `tojson` must reproduce.
extension TemplateValue {
    /// Why JSON text could not be read, and at which UTF-8 byte offset.
    public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
        public var byteOffset: Int
        public var reason: String
        public var description: String { "JSON at byte \(byteOffset): \(reason)" }
    }

    /// Parses one JSON value (RFC 8259). Integers that fit in `Int` become `.int`, other numbers `.double`.
    public init(json: String) throws {
        var reader = JSONReader(bytes: Array(json.utf8))
        self = try reader.readDocument()
    }
}

private struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    /// Nesting deeper than this is refused rather than risking the stack on hostile input.
    let maximumDepth = 512

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func readDocument() throws -> TemplateValue {
        let value = try readValue(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw failure("unexpected text after the JSON value") }
        return value
    }

    private func failure(_ reason: String) -> TemplateValue.JSONError {
        TemplateValue.JSONError(byteOffset: index, reason: reason)
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(what)") }
        index += 1
    }

    private mutating func readValue(depth: Int) throws -> TemplateValue {
        guard depth < maximumDepth else { throw failure("nesting deeper than \(maximumDepth) levels") }
        skipSpace()
        guard index < bytes.count else { throw failure("expected a value, found the end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var object = TemplateObject()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            repeat {
                skipSpace()
                let key = try readString()
                try expect(UInt8(ascii: ":"), "':' after an object key")
                object[key] = try readValue(depth: depth + 1)
                skipSpace()
            } while try separator(closing: UInt8(ascii: "}"))
            return .object(object)
        case UInt8(ascii: "["):
            index += 1
            var items: [TemplateValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            repeat {
                items.append(try readValue(depth: depth + 1))
                skipSpace()
            } while try separator(closing: UInt8(ascii: "]"))
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"): return try readWord("true", .bool(true))
        case UInt8(ascii: "f"): return try readWord("false", .bool(false))
        case UInt8(ascii: "n"): return try readWord("null", .null)
        default: return try readNumber()
        }
    }

    /// After an item: true for ',' (more follow), false for the closer.
    private mutating func separator(closing: UInt8) throws -> Bool {
        guard index < bytes.count else { throw failure("unterminated array or object") }
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closing { return false }
        index -= 1
        throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
    }

    private mutating func readWord(_ word: String, _ value: TemplateValue) throws -> TemplateValue {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
            throw failure("expected '\(word)'")
        }
        index += expected.count
        return value
    }

    private mutating func readNumber() throws -> TemplateValue {
        let start = index
        let allowed = Set("+-0123456789.eE".utf8)
        while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !text.contains(where: { ".eE".contains($0) }), let number = Int(text) { return .int(number) }
        guard !text.isEmpty, let number = Double(text) else {
            index = start
            throw failure("expected a value, found '\(text.isEmpty ? String(decoding: bytes[start..<min(start + 1, bytes.count)], as: UTF8.self) : text)'")
        }
        return .double(number)
    }

    private mutating func readString() throws -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        var scalars = String.UnicodeScalarView()
        var run = index
        func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars) }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(index)
                index += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw failure("control character inside a string") }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            flush(index)
            index += 1
            scalars.append(try readEscape())
            run = index
        }
        throw failure("unterminated string")
    }

    private mutating func readEscape() throws -> Unicode.Scalar {
        guard index < bytes.count else { throw failure("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try readHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("unpaired UTF-16 surrogate")
                }
                index += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low), let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                    throw failure("invalid UTF-16 surrogate pair")
                }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw failure("unpaired UTF-16 surrogate") }
            return scalar
        default:
            index -= 1
            throw failure("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard bytes.count - index >= 4, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            throw failure("expected four hex digits after \\u")
        }
        index += 4
        return value
    }
}
