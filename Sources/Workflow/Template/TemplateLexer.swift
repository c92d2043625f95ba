import Support

/// One token inside `{{ }}` or `{% %}`.
struct TemplateToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case identifier(String)
        case string(String)
        case number(Double)
        case symbol(String)
    }
    var kind: Kind
    var offset: Int
}

/// A piece of template source: literal text, an output `{{ }}` or a statement `{% %}`.
enum TemplateSegment {
    case text(String)
    case output([TemplateToken], offset: Int)
    case statement([TemplateToken], offset: Int)
}

/// Splits template source into segments and tokenizes the insides of tags.
///
/// Whitespace rules (so loops and conditions in a prompt file leave no blank lines): a `{% %}` or
/// `{# #}` tag alone on its line (only spaces or tabs beside it) removes that whole line,
/// newline included; tags sharing a line with text leave it as written. A `-` inside any
/// delimiter (`{{-`, `-%}`, ...) removes all whitespace on that side.
struct TemplateLexer: Sendable {
    let bytes: [UInt8]
    let file: String
    private var position = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func segments() throws -> [TemplateSegment] {
        var result: [TemplateSegment] = []
        var text: [UInt8] = []
        var textStart = 0  // byte offset where `text` began, to tell whether it starts a line
        var trimNextText = false

        while position < bytes.count {
            guard bytes[position] == UInt8(ascii: "{"), position + 1 < bytes.count,
                  let kind = Self.opener(bytes[position + 1]) else {
                text.append(bytes[position])
                position += 1
                continue
            }
            let tagStart = position
            position += 2
            let trimLeft = peek("-")
            if trimLeft { position += 1 }

            let trimRight: Bool
            var segment: TemplateSegment?
            if kind == "#" {
                trimRight = try skipComment(from: tagStart)
            } else {
                let closer: UInt8 = kind == "{" ? UInt8(ascii: "}") : UInt8(ascii: "%")
                let (tokens, trims) = try tokenize(until: closer, tagStart: tagStart)
                trimRight = trims
                segment = kind == "{" ? .output(tokens, offset: tagStart) : .statement(tokens, offset: tagStart)
            }

            // Whitespace before the tag: all of it for "-"; the indentation of a standalone block line.
            var indentation = text.count
            while indentation > 0, text[indentation - 1] == 0x20 || text[indentation - 1] == 0x09 { indentation -= 1 }
            let startsLine = indentation > 0 ? text[indentation - 1] == UInt8(ascii: "\n")
                : textStart == 0 || bytes[textStart - 1] == UInt8(ascii: "\n")
            var lineEnd = position
            while lineEnd < bytes.count, bytes[lineEnd] == 0x20 || bytes[lineEnd] == 0x09 || bytes[lineEnd] == 0x0D { lineEnd += 1 }
            let endsLine = lineEnd == bytes.count || bytes[lineEnd] == UInt8(ascii: "\n")
            if trimLeft {
                while let last = text.last, Self.isSpace(last) { text.removeLast() }
            } else if kind != "{", startsLine, endsLine {
                text.removeSubrange(indentation...)
            }
            if trimNextText { text = Array(text.drop(while: Self.isSpace)) }
            if !text.isEmpty { result.append(.text(String(decoding: text, as: UTF8.self))) }
            text = []
            if let segment { result.append(segment) }

            if kind != "{", !trimRight, startsLine, endsLine {
                position = min(lineEnd + 1, bytes.count)  // the rest of the line and its newline
            }
            trimNextText = trimRight
            textStart = position
        }
        if trimNextText { text = Array(text.drop(while: Self.isSpace)) }
        if !text.isEmpty { result.append(.text(String(decoding: text, as: UTF8.self))) }
        return result
    }

    private static func opener(_ byte: UInt8) -> Character? {
        switch byte {
        case UInt8(ascii: "{"): return "{"
        case UInt8(ascii: "%"): return "%"
        case UInt8(ascii: "#"): return "#"
        default: return nil
        }
    }

    /// Skips to `#}`; returns whether it was `-#}`.
    private mutating func skipComment(from start: Int) throws -> Bool {
        while position + 1 < bytes.count {
            if bytes[position] == UInt8(ascii: "#"), bytes[position + 1] == UInt8(ascii: "}") {
                let trims = position > 0 && bytes[position - 1] == UInt8(ascii: "-")
                position += 2
                return trims
            }
            position += 1
        }
        throw error(at: start, "comment opened with {# is never closed with #}")
    }

    private mutating func tokenize(until closer: UInt8, tagStart: Int) throws -> ([TemplateToken], Bool) {
        var tokens: [TemplateToken] = []
        let closeText = closer == UInt8(ascii: "}") ? "}}" : "%}"
        while true {
            while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { throw error(at: tagStart, "tag is never closed with \(closeText)") }
            let start = position
            let byte = bytes[position]
            if byte == closer, peek("}", at: position + 1) {
                position += 2
                return (tokens, false)
            }
            if byte == UInt8(ascii: "-"), peek(closer, at: position + 1), peek("}", at: position + 2) {
                position += 3
                return (tokens, true)
            }
            if Self.isIdentifierStart(byte) {
                while position < bytes.count, Self.isIdentifierStart(bytes[position]) || Self.isDigit(bytes[position]) { position += 1 }
                tokens.append(TemplateToken(kind: .identifier(String(decoding: bytes[start..<position], as: UTF8.self)), offset: start))
            } else if Self.isDigit(byte) || (byte == UInt8(ascii: "-") && position + 1 < bytes.count && Self.isDigit(bytes[position + 1])) {
                position += 1
                while position < bytes.count, Self.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: ".") { position += 1 }
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                guard let value = Double(text) else { throw error(at: start, "invalid number \(text)") }
                tokens.append(TemplateToken(kind: .number(value), offset: start))
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                tokens.append(TemplateToken(kind: .string(try readString(quote: byte)), offset: start))
            } else if (byte == UInt8(ascii: "=") || byte == UInt8(ascii: "!")), peek("=", at: position + 1) {
                position += 2
                tokens.append(TemplateToken(kind: .symbol(byte == UInt8(ascii: "=") ? "==" : "!="), offset: start))
            } else if [".", "|", "(", ")", ",", "[", "]"].contains(Character(Unicode.Scalar(byte))) {
                position += 1
                tokens.append(TemplateToken(kind: .symbol(String(Character(Unicode.Scalar(byte)))), offset: start))
            } else {
                throw error(at: start, "unexpected character '\(Character(Unicode.Scalar(byte)))' inside a tag")
            }
        }
    }

    private mutating func readString(quote: UInt8) throws -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote { position += 1; return String(decoding: out, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), position + 1 < bytes.count {
                let next = bytes[position + 1]
                switch next {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(next)
                default: throw error(at: position, "unknown escape \\\(Character(Unicode.Scalar(next))) in string")
                }
                position += 2
                continue
            }
            out.append(byte)
            position += 1
        }
        throw error(at: start, "string is not closed on its line")
    }

    private func peek(_ character: Character, at index: Int? = nil) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return peek(ascii, at: index ?? position)
    }

    private func peek(_ byte: UInt8, at index: Int) -> Bool { index < bytes.count && bytes[index] == byte }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }

    func error(at offset: Int, _ reason: String) -> TemplateError {
        TemplateError(file: file, location: TextLocation(offset: offset, in: bytes), kind: .syntax, reason: reason)
    }
}
