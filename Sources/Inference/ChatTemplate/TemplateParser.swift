/// Builds the statement tree from lexed segments: `if/elif/else`, `for ... [if ...] / else`,
/// `set` (plain, tuple, namespace attribute, block), `break`/`continue` (HF enables Jinja's
/// loopcontrols extension) and HF's `generation` block, whose body renders as is.
struct TemplateParser {
    private let segments: [TemplateSegment]
    private var cursor = 0
    /// How many for-loop bodies enclose the current position; `break` needs at least one.
    private var loopDepth = 0

    static func parse(_ segments: [TemplateSegment]) throws -> [TemplateNode] {
        var parser = TemplateParser(segments: segments)
        let (nodes, _) = try parser.parseBody(until: [], opener: nil)
        return nodes
    }

    private init(segments: [TemplateSegment]) {
        self.segments = segments
    }

    /// The tag that opened a block, for "never closed" errors.
    private struct Opener {
        var tag: String
        var expected: [String]
        var position: SourcePosition
    }

    /// A statement that ended a body, with the parser positioned after its keyword.
    private struct Terminator {
        var keyword: String
        var parser: ExpressionParser
        var position: SourcePosition
    }

    private mutating func parseBody(until terminators: Set<String>, opener: Opener?) throws -> ([TemplateNode], Terminator?) {
        var nodes: [TemplateNode] = []
        while cursor < segments.count {
            let segment = segments[cursor]
            cursor += 1
            switch segment {
            case .text(let text):
                nodes.append(.text(text))
            case .output(let tokens, let open, let end):
                var parser = ExpressionParser(tokens: tokens, end: end)
                guard !parser.isAtEnd else {
                    throw ChatTemplateError(.syntax, at: open, "empty '{{ }}': expected an expression")
                }
                let expression = try parser.parseExpression()
                try parser.expectEnd(of: "'{{ }}'")
                nodes.append(.output(expression))
            case .statement(let tokens, let open, let end):
                var parser = ExpressionParser(tokens: tokens, end: end)
                guard !parser.isAtEnd else { throw ChatTemplateError(.syntax, at: open, "empty '{% %}': expected a tag name") }
                let keyword = try parser.expectName()
                if terminators.contains(keyword) {
                    return (nodes, Terminator(keyword: keyword, parser: parser, position: open))
                }
                nodes.append(contentsOf: try parseStatement(keyword, parser: &parser, at: open))
            }
        }
        if let opener {
            let wanted = opener.expected.map { "'{% \($0) %}'" }.joined(separator: " or ")
            throw ChatTemplateError(
                .syntax, at: opener.position,
                "'{% \(opener.tag) %}' is never closed: the template ends before \(wanted)")
        }
        return (nodes, nil)
    }

    private mutating func parseStatement(_ keyword: String, parser: inout ExpressionParser, at open: SourcePosition) throws -> [TemplateNode] {
        switch keyword {
        case "if": return [try parseIf(parser: &parser, at: open)]
        case "for": return [.loop(try parseFor(parser: &parser, at: open))]
        case "set": return [try parseSet(parser: &parser, at: open)]
        case "break", "continue":
            guard loopDepth > 0 else {
                throw ChatTemplateError(.syntax, at: open, "'{% \(keyword) %}' outside a for loop")
            }
            try parser.expectEnd(of: "'{% \(keyword) %}'")
            return [.loopControl(isBreak: keyword == "break")]
        case "generation":
            try parser.expectEnd(of: "'{% generation %}'")
            let opener = Opener(tag: "generation", expected: ["endgeneration"], position: open)
            let (body, terminator) = try parseBody(until: ["endgeneration"], opener: opener)
            try terminator?.parser.expectEnd(of: "'{% endgeneration %}'")
            return body
        case "endif", "endfor", "endset", "endgeneration", "else", "elif":
            throw ChatTemplateError(.syntax, at: open, "unexpected '{% \(keyword) %}' with no open block it could close")
        case "macro", "call", "filter", "include", "import", "from", "extends", "block", "raw", "with", "do", "autoescape":
            throw ChatTemplateError(.unsupported, at: open, "the '{% \(keyword) %}' tag is not supported by Consilium's template subset")
        default:
            throw ChatTemplateError(.syntax, at: open, "unknown tag '\(keyword)'")
        }
    }

    private mutating func parseIf(parser: inout ExpressionParser, at open: SourcePosition) throws -> TemplateNode {
        var branches: [(condition: TemplateExpression, body: [TemplateNode])] = []
        var condition = try parser.parseExpression()
        try parser.expectEnd(of: "'{% if %}' condition")
        let opener = Opener(tag: "if", expected: ["elif", "else", "endif"], position: open)
        while true {
            let (body, found) = try parseBody(until: ["elif", "else", "endif"], opener: opener)
            guard var terminator = found else { return .conditional(branches: branches, otherwise: []) }
            branches.append((condition: condition, body: body))
            switch terminator.keyword {
            case "elif":
                condition = try terminator.parser.parseExpression()
                try terminator.parser.expectEnd(of: "'{% elif %}' condition")
            case "else":
                try terminator.parser.expectEnd(of: "'{% else %}'")
                let elseOpener = Opener(tag: "else", expected: ["endif"], position: terminator.position)
                let (otherwise, end) = try parseBody(until: ["endif"], opener: elseOpener)
                try end?.parser.expectEnd(of: "'{% endif %}'")
                return .conditional(branches: branches, otherwise: otherwise)
            default:
                try terminator.parser.expectEnd(of: "'{% endif %}'")
                return .conditional(branches: branches, otherwise: [])
            }
        }
    }

    private mutating func parseFor(parser: inout ExpressionParser, at open: SourcePosition) throws -> TemplateLoop {
        var targets = [try parser.expectName()]
        while parser.skipSymbol(",") { targets.append(try parser.expectName()) }
        guard parser.skipName("in") else { throw parser.unexpected(expected: "'in'") }
        // As in Jinja, the iterable cannot be a bare conditional: a trailing `if` filters items.
        let iterable = try parser.parseOr()
        let filter = parser.skipName("if") ? try parser.parseExpression() : nil
        if parser.skipName("recursive") {
            throw ChatTemplateError(.unsupported, at: open, "recursive for loops are not supported by Consilium's template subset")
        }
        try parser.expectEnd(of: "'{% for %}' header")
        let opener = Opener(tag: "for", expected: ["else", "endfor"], position: open)
        loopDepth += 1
        let (body, found) = try parseBody(until: ["else", "endfor"], opener: opener)
        loopDepth -= 1
        var otherwise: [TemplateNode] = []
        if var terminator = found {
            if terminator.keyword == "else" {
                try terminator.parser.expectEnd(of: "'{% else %}'")
                let elseOpener = Opener(tag: "else", expected: ["endfor"], position: terminator.position)
                let (elseBody, end) = try parseBody(until: ["endfor"], opener: elseOpener)
                otherwise = elseBody
                terminator = end ?? terminator
            }
            try terminator.parser.expectEnd(of: "'{% endfor %}'")
        }
        return TemplateLoop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, position: open)
    }

    private mutating func parseSet(parser: inout ExpressionParser, at open: SourcePosition) throws -> TemplateNode {
        let name = try parser.expectName()
        if parser.skipSymbol(".") {
            let attribute = try parser.expectName()
            try parser.expectSymbol("=")
            let value = try parser.parseExpression()
            try parser.expectEnd(of: "'{% set %}'")
            return .assignAttribute(object: name, attribute: attribute, value: value, position: open)
        }
        var targets = [name]
        while parser.skipSymbol(",") { targets.append(try parser.expectName()) }
        if parser.isAtEnd && targets.count == 1 {
            let opener = Opener(tag: "set", expected: ["endset"], position: open)
            let (body, terminator) = try parseBody(until: ["endset"], opener: opener)
            try terminator?.parser.expectEnd(of: "'{% endset %}'")
            return .assignBlock(name: name, body: body)
        }
        try parser.expectSymbol("=")
        let value = try parser.parseExpression()
        try parser.expectEnd(of: "'{% set %}'")
        return .assign(targets: targets, value: value, position: open)
    }
}
