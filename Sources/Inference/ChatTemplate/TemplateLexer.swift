/// One lexical token inside a `{{ }}` or `{% %}` tag.
struct TemplateToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        /// Punctuation and operators: `+`, `//`, `==`, `(`, `|`, ...
        case symbol(String)
    }

    var kind: Kind
    var position: SourcePosition
}

/// A template cut into literal text and tags, with whitespace control already applied.
enum TemplateSegment: Sendable {
    case text(String)
    /// `{{ ... }}`: the tokens between the delimiters; `end` is where the closing delimiter sits.
    case output(tokens: [TemplateToken], open: SourcePosition, end: SourcePosition)
    /// `{% ... %}`.
    case statement(tokens: [TemplateToken], open: SourcePosition, end: SourcePosition)
}

/// Whitespace options of Jinja's Environment that change how text around tags is kept.
public struct TemplateWhitespace: Sendable, Equatable {
    /// Drop the first newline after a `%}` or `#}`.
    public var trimBlocks: Bool
    /// Drop spaces and tabs between the start of a line and a `{%` or `{#`.
    public var lstripBlocks: Bool

    public init(trimBlocks: Bool, lstripBlocks: Bool) {
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
    }

    /// What Hugging Face transformers' `apply_chat_template` uses, and llama.cpp copies.
    public static let huggingFace = TemplateWhitespace(trimBlocks: true, lstripBlocks: true)
    /// Jinja2's own Environment defaults.
    public static let jinjaDefault = TemplateWhitespace(trimBlocks: false, lstripBlocks: false)
}

/// Splits template source into text and tags, following Jinja2's lexer: `{{ }}`, `{% %}`,
/// `{# #}`, the `-` and `+` whitespace markers, trim/lstrip options, and its rule of dropping
/// one trailing newline at the end of the source (`keep_trailing_newline=False`).
struct TemplateLexer {
    private let scalars: [Unicode.Scalar]
    private let lineStarts: [Int]
    private let whitespace: TemplateWhitespace
    private var index = 0
    private var segments: [TemplateSegment] = []

    init(source: String, whitespace: TemplateWhitespace) {
        // Jinja normalizes newlines before lexing and drops one final newline.
        var text = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if text.hasSuffix("\n") { text.removeLast() }
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(offset + 1) }
        lineStarts = starts
        self.whitespace = whitespace
    }

    static func segments(of source: String, whitespace: TemplateWhitespace) throws -> [TemplateSegment] {
        var lexer = TemplateLexer(source: source, whitespace: whitespace)
        try lexer.run()
        return lexer.segments
    }

    // MARK: Text and tag boundaries

    private mutating func run() throws {
        var lineStarting = true
        while index < scalars.count {
            let tagStart = nextTagStart(from: index)
            var text = String(String.UnicodeScalarView(scalars[index..<tagStart]))
            guard tagStart < scalars.count else {
                appendText(text)
                return
            }
            let opener = scalars[tagStart + 1]
            let marker: Unicode.Scalar? = tagStart + 2 < scalars.count ? scalars[tagStart + 2] : nil
            if marker == "-" {
                text = String(String.UnicodeScalarView(text.unicodeScalars.reversed().drop(while: isJinjaSpace).reversed()))
            } else if marker != "+" && opener != "{" && whitespace.lstripBlocks {
                text = strippingIndent(text, lineStarting: lineStarting)
            }
            appendText(text)
            let open = position(of: tagStart)
            index = tagStart + 2
            if marker == "-" || (marker == "+" && opener != "{") { index += 1 }
            switch opener {
            case "#": try skipComment(open: open)
            case "{": try lexTag(closer: "}", open: open)
            default: try lexTag(closer: "%", open: open)
            }
            lineStarting = index > 0 && scalars[index - 1] == "\n"
        }
    }

    private func nextTagStart(from start: Int) -> Int {
        var i = start
        while i + 1 < scalars.count {
            if scalars[i] == "{", ["{", "%", "#"].contains(scalars[i + 1]) { return i }
            i += 1
        }
        return scalars.count
    }

    private mutating func appendText(_ text: String) {
        if !text.isEmpty { segments.append(.text(text)) }
    }

    /// lstrip_blocks: remove spaces and tabs between the line start and the tag.
    private func strippingIndent(_ text: String, lineStarting: Bool) -> String {
        let chars = Array(text.unicodeScalars)
        let lineStart = (chars.lastIndex(of: "\n").map { $0 + 1 }) ?? 0
        guard lineStart > 0 || lineStarting else { return text }
        guard chars[lineStart...].allSatisfy({ $0 == " " || $0 == "\t" }) else { return text }
        return String(String.UnicodeScalarView(chars[..<lineStart]))
    }

    /// After a closing delimiter: `-` eats all following whitespace; otherwise trim_blocks eats
    /// one newline after `%}` and `#}` unless the tag ended with `+`.
    private mutating func handleClose(stripMarker: Unicode.Scalar?, isBlock: Bool) {
        if stripMarker == "-" {
            while index < scalars.count, isJinjaSpace(scalars[index]) { index += 1 }
        } else if stripMarker != "+", isBlock, whitespace.trimBlocks, index < scalars.count, scalars[index] == "\n" {
            index += 1
        }
    }

    private mutating func skipComment(open: SourcePosition) throws {
        var i = index
        while i + 1 < scalars.count {
            if scalars[i] == "#", scalars[i + 1] == "}" {
                let marker: Unicode.Scalar? = i > index && (scalars[i - 1] == "-" || scalars[i - 1] == "+") ? scalars[i - 1] : nil
                index = i + 2
                handleClose(stripMarker: marker, isBlock: true)
                return
            }
            i += 1
        }
        throw ChatTemplateError(.syntax, at: open, "unterminated comment: '{#' has no closing '#}'")
    }

    // MARK: Tokens inside a tag

    private mutating func lexTag(closer: Unicode.Scalar, open: SourcePosition) throws {
        var tokens: [TemplateToken] = []
        var depth = 0
        let kindName = closer == "}" ? "'{{' tag (expected '}}')" : "'{%' tag (expected '%}')"
        while true {
            while index < scalars.count, isJinjaSpace(scalars[index]) { index += 1 }
            guard index < scalars.count else {
                throw ChatTemplateError(.syntax, at: open, "unterminated \(kindName): the template ends first")
            }
            if depth == 0, let marker = closingMarker(closer: closer) {
                let end = position(of: index)
                index += marker == nil ? 2 : 3
                handleClose(stripMarker: marker, isBlock: closer == "%")
                segments.append(closer == "}"
                    ? .output(tokens: tokens, open: open, end: end)
                    : .statement(tokens: tokens, open: open, end: end))
                return
            }
            let token = try lexToken()
            if case .symbol(let symbol) = token.kind {
                if ["(", "[", "{"].contains(symbol) { depth += 1 }
                if [")", "]", "}"].contains(symbol) { depth -= 1 }
                if depth < 0 {
                    throw ChatTemplateError(.syntax, at: token.position, "unexpected '\(symbol)' with no opening bracket")
                }
            }
            tokens.append(token)
        }
    }

    /// If the tag closes here, the strip marker before the closer (`-`, `+` or none).
    private func closingMarker(closer: Unicode.Scalar) -> Unicode.Scalar?? {
        func closes(at i: Int) -> Bool {
            i + 1 < scalars.count && scalars[i] == closer && scalars[i + 1] == "}"
        }
        if closes(at: index) { return .some(nil) }
        let marker = scalars[index]
        if marker == "-" || (marker == "+" && closer == "%"), closes(at: index + 1) { return .some(marker) }
        return nil
    }

    private mutating func lexToken() throws -> TemplateToken {
        let start = index
        let here = position(of: start)
        let scalar = scalars[start]
        if scalar == "_" || scalar.properties.isAlphabetic {
            while index < scalars.count, scalars[index] == "_" || scalars[index].properties.isAlphabetic
                || ("0"..."9").contains(scalars[index])
            {
                index += 1
            }
            return TemplateToken(kind: .name(text(start, index)), position: here)
        }
        if ("0"..."9").contains(scalar) { return try lexNumber(at: here) }
        if scalar == "'" || scalar == "\"" { return try lexString(quote: scalar, at: here) }
        for symbol in ["//", "**", "==", "!=", "<=", ">="] where matches(symbol) {
            index += 2
            return TemplateToken(kind: .symbol(symbol), position: here)
        }
        if "+-*/%~<>=()[]{},.:|".unicodeScalars.contains(scalar) {
            index += 1
            return TemplateToken(kind: .symbol(String(scalar)), position: here)
        }
        throw ChatTemplateError(.syntax, at: here, "unexpected character '\(scalar)' inside a tag")
    }

    private mutating func lexNumber(at here: SourcePosition) throws -> TemplateToken {
        let start = index
        func digits() { while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "_" { index += 1 } }
        digits()
        var isFloat = false
        if index + 1 < scalars.count, scalars[index] == ".", ("0"..."9").contains(scalars[index + 1]) {
            isFloat = true
            index += 1
            digits()
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var look = index + 1
            if look < scalars.count, scalars[look] == "+" || scalars[look] == "-" { look += 1 }
            if look < scalars.count, ("0"..."9").contains(scalars[look]) {
                isFloat = true
                index = look
                digits()
            }
        }
        let literal = text(start, index).replacingOccurrences(of: "_", with: "")
        if isFloat, let value = Double(literal) { return TemplateToken(kind: .float(value), position: here) }
        if let value = Int(literal) { return TemplateToken(kind: .integer(value), position: here) }
        throw ChatTemplateError(.syntax, at: here, "number '\(literal)' does not fit a 64-bit integer")
    }

    /// String literals unescape as Python's `unicode-escape` codec does, which is what Jinja uses.
    private mutating func lexString(quote: Unicode.Scalar, at here: SourcePosition) throws -> TemplateToken {
        index += 1
        var result = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == quote {
                index += 1
                return TemplateToken(kind: .string(String(result)), position: here)
            }
            if scalar == "\\", index + 1 < scalars.count {
                index += 1
                result.append(contentsOf: try unescape())
                continue
            }
            result.append(scalar)
            index += 1
        }
        throw ChatTemplateError(.syntax, at: here, "unterminated string literal")
    }

    /// Reads the escape after a backslash (index points past the backslash).
    private mutating func unescape() throws -> [Unicode.Scalar] {
        let escape = scalars[index]
        index += 1
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", "\"": "\"",
            "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "v": "\u{0B}", "\n": "\n",
        ]
        if escape == "\n" { return [] }  // a backslash-newline continues the line
        if let mapped = simple[escape] { return [mapped] }
        let hexWidth: [Unicode.Scalar: Int] = ["x": 2, "u": 4, "U": 8]
        if let width = hexWidth[escape] {
            let end = index + width
            guard end <= scalars.count, let code = UInt32(text(index, end), radix: 16),
                let decoded = Unicode.Scalar(code)
            else {
                throw ChatTemplateError(.syntax, at: position(of: index - 2), "bad \\\(escape) escape in string literal")
            }
            index = end
            return [decoded]
        }
        if ("0"..."7").contains(escape) {
            var code = escape.value - 48
            var taken = 1
            while taken < 3, index < scalars.count, ("0"..."7").contains(scalars[index]) {
                code = code * 8 + scalars[index].value - 48
                index += 1
                taken += 1
            }
            return [Unicode.Scalar(code) ?? "\u{FFFD}"]
        }
        return ["\\", escape]  // Python keeps unknown escapes as written
    }

    // MARK: Helpers

    private func matches(_ symbol: String) -> Bool {
        let wanted = Array(symbol.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        return Array(scalars[index..<(index + wanted.count)]) == wanted
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<end]))
    }

    private func position(of offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourcePosition(line: low + 1, column: offset - lineStarts[low] + 1)
    }
}

/// Python's `str.isspace` set, which Jinja's `\s` and `str.strip()` use.
func isJinjaSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
}
