import Support

/// Builds the node tree from lexed segments. Every error names the tag's line and column.
struct TemplateParser {
    private let segments: [TemplateSegment]
    private let lexer: TemplateLexer
    private var index = 0

    init(segments: [TemplateSegment], lexer: TemplateLexer) {
        self.segments = segments
        self.lexer = lexer
    }

    mutating func parse() throws -> [TemplateNode] {
        let (nodes, terminator) = try parseBlock()
        if let (word, offset) = terminator { throw lexer.error(at: offset, "{% \(word) %} has no matching opening tag") }
        return nodes
    }

    /// Parses nodes until a closing or continuing statement (endfor, endif, elif, else), which is
    /// consumed and returned with its offset, or the end of input (nil).
    private mutating func parseBlock() throws -> ([TemplateNode], (String, Int)?) {
        var nodes: [TemplateNode] = []
        while index < segments.count {
            let segment = segments[index]
            index += 1
            switch segment {
            case .text(let text):
                nodes.append(.text(text))
            case .output(let tokens, let offset):
                var expression = ExpressionReader(tokens: tokens, lexer: lexer, tagOffset: offset)
                nodes.append(.output(try expression.readWhole(), offset: offset))
            case .statement(let tokens, let offset):
                guard case .identifier(let keyword)? = tokens.first?.kind else {
                    throw lexer.error(at: offset, "expected a statement keyword (for, if, elif, else, endfor, endif)")
                }
                switch keyword {
                case "for": nodes.append(try parseFor(tokens, offset: offset))
                case "if": nodes.append(try parseIf(tokens, offset: offset))
                case "endfor", "endif", "elif", "else":
                    return (nodes, (keyword, offset))
                default:
                    throw lexer.error(at: offset, "unknown statement \"\(keyword)\" (known: for, if, elif, else, endfor, endif)")
                }
            }
        }
        return (nodes, nil)
    }

    private mutating func parseFor(_ tokens: [TemplateToken], offset: Int) throws -> TemplateNode {
        guard tokens.count >= 4, case .identifier(let variable) = tokens[1].kind, tokens[2].kind == .identifier("in") else {
            throw lexer.error(at: offset, "expected {% for NAME in EXPRESSION %}")
        }
        guard variable != "loop" else { throw lexer.error(at: tokens[1].offset, "\"loop\" is reserved for the loop counter") }
        var reader = ExpressionReader(tokens: Array(tokens[3...]), lexer: lexer, tagOffset: offset)
        let sequence = try reader.readWhole()
        let (body, end) = try parseBlock()
        guard let (word, endOffset) = end else { throw lexer.error(at: offset, "{% for %} is never closed with {% endfor %}") }
        guard word == "endfor" else { throw lexer.error(at: endOffset, "{% \(word) %} inside {% for %} before its {% endfor %}") }
        try expectBare(word, at: endOffset)
        return .loop(variable: variable, over: sequence, body: body, offset: offset)
    }

    private mutating func parseIf(_ tokens: [TemplateToken], offset: Int) throws -> TemplateNode {
        var branches: [(TemplateExpression, [TemplateNode])] = []
        var condition = try condition(of: tokens, offset: offset)
        while true {
            let (body, end) = try parseBlock()
            guard let (word, endOffset) = end else { throw lexer.error(at: offset, "{% if %} is never closed with {% endif %}") }
            branches.append((condition, body))
            switch word {
            case "elif":
                guard case .statement(let elifTokens, _) = segments[index - 1] else { continue }
                condition = try self.condition(of: elifTokens, offset: endOffset)
            case "else":
                try expectBare(word, at: endOffset)
                let (otherwise, close) = try parseBlock()
                guard let (closeWord, closeOffset) = close else { throw lexer.error(at: offset, "{% if %} is never closed with {% endif %}") }
                guard closeWord == "endif" else { throw lexer.error(at: closeOffset, "{% \(closeWord) %} after {% else %}; expected {% endif %}") }
                try expectBare(closeWord, at: closeOffset)
                return .conditional(branches: branches, otherwise: otherwise)
            case "endif":
                try expectBare(word, at: endOffset)
                return .conditional(branches: branches, otherwise: [])
            default:
                throw lexer.error(at: endOffset, "{% \(word) %} inside {% if %} before its {% endif %}")
            }
        }
    }

    private func condition(of tokens: [TemplateToken], offset: Int) throws -> TemplateExpression {
        guard tokens.count > 1 else { throw lexer.error(at: offset, "{% \(keyword(tokens)) %} needs a condition") }
        var reader = ExpressionReader(tokens: Array(tokens.dropFirst()), lexer: lexer, tagOffset: offset)
        return try reader.readWhole()
    }

    /// `else`, `endif` and `endfor` take nothing after the keyword.
    private mutating func expectBare(_ word: String, at offset: Int) throws {
        guard case .statement(let tokens, _) = segments[index - 1] else { return }
        if tokens.count > 1 { throw lexer.error(at: tokens[1].offset, "{% \(word) %} takes nothing after the keyword") }
    }

    private func keyword(_ tokens: [TemplateToken]) -> String {
        if case .identifier(let word)? = tokens.first?.kind { return word }
        return "?"
    }
}

/// Reads one expression from a tag's tokens.
///
/// Grammar (loosest first): `or` < `and` < `not` < `==`/`!=` < filters `|` < member access.
struct ExpressionReader {
    let tokens: [TemplateToken]
    let lexer: TemplateLexer
    let tagOffset: Int
    private var position = 0

    init(tokens: [TemplateToken], lexer: TemplateLexer, tagOffset: Int) {
        self.tokens = tokens
        self.lexer = lexer
        self.tagOffset = tagOffset
    }

    mutating func readWhole() throws -> TemplateExpression {
        guard !tokens.isEmpty else { throw lexer.error(at: tagOffset, "empty expression") }
        let expression = try readOr()
        if position < tokens.count { throw lexer.error(at: tokens[position].offset, "unexpected \(describe(tokens[position])) after the expression") }
        return expression
    }

    private mutating func readOr() throws -> TemplateExpression {
        var left = try readAnd()
        while accept(.identifier("or")) { left = .or(left, try readAnd()) }
        return left
    }

    private mutating func readAnd() throws -> TemplateExpression {
        var left = try readNot()
        while accept(.identifier("and")) { left = .and(left, try readNot()) }
        return left
    }

    private mutating func readNot() throws -> TemplateExpression {
        if accept(.identifier("not")) { return .not(try readNot()) }
        let left = try readFiltered()
        if accept(.symbol("==")) { return .equal(left, try readFiltered(), negated: false) }
        if accept(.symbol("!=")) { return .equal(left, try readFiltered(), negated: true) }
        return left
    }

    private mutating func readFiltered() throws -> TemplateExpression {
        var base = try readPrimary()
        while accept(.symbol("|")) {
            guard let token = next(), case .identifier(let name) = token.kind else {
                throw lexer.error(at: currentOffset, "expected a filter name after |")
            }
            guard let filter = TemplateFilter.table[name] else {
                throw lexer.error(at: token.offset, "unknown filter \"\(name)\" (known: \(TemplateFilter.table.keys.sorted().joined(separator: ", ")))")
            }
            var arguments: [TemplateExpression] = []
            if accept(.symbol("(")) {
                if !accept(.symbol(")")) {
                    repeat { arguments.append(try readOr()) } while accept(.symbol(","))
                    guard accept(.symbol(")")) else { throw lexer.error(at: currentOffset, "expected ')' after the arguments of \(name)") }
                }
            }
            guard filter.arity.contains(arguments.count) else {
                throw lexer.error(at: token.offset, "filter \"\(name)\" takes \(filter.arityText), found \(arguments.count)")
            }
            base = .filter(base, filter, arguments, offset: token.offset)
        }
        return base
    }

    private mutating func readPrimary() throws -> TemplateExpression {
        guard let token = next() else { throw lexer.error(at: currentOffset, "expected a value at the end of the tag") }
        var expression: TemplateExpression
        switch token.kind {
        case .string(let s): return .literal(.string(s))
        case .number(let n): return .literal(.number(n))
        case .identifier("true"): return .literal(.bool(true))
        case .identifier("false"): return .literal(.bool(false))
        case .identifier("null"): return .literal(.null)
        case .identifier(let word) where ["and", "or", "not", "in"].contains(word):
            throw lexer.error(at: token.offset, "expected a value, found the keyword \"\(word)\"")
        case .identifier(let name): expression = .variable(name, offset: token.offset)
        case .symbol("("):
            expression = try readOr()
            guard accept(.symbol(")")) else { throw lexer.error(at: currentOffset, "expected ')'") }
            return expression
        case .symbol:
            throw lexer.error(at: token.offset, "expected a value, found \(describe(token))")
        }
        while true {
            if accept(.symbol(".")) {
                guard let key = next(), case .identifier(let name) = key.kind else {
                    throw lexer.error(at: currentOffset, "expected a key name after '.'")
                }
                expression = .member(expression, name, offset: key.offset)
            } else if accept(.symbol("[")) {
                let at = currentOffset
                guard let key = next() else { throw lexer.error(at: at, "expected an index or a quoted key after '['") }
                switch key.kind {
                case .number(let n) where n.rounded() == n && n >= 0: expression = .index(expression, Int(n), offset: key.offset)
                case .string(let name): expression = .member(expression, name, offset: key.offset)
                default: throw lexer.error(at: key.offset, "expected a non-negative index or a quoted key after '['")
                }
                guard accept(.symbol("]")) else { throw lexer.error(at: currentOffset, "expected ']'") }
            } else {
                return expression
            }
        }
    }

    private mutating func accept(_ kind: TemplateToken.Kind) -> Bool {
        guard position < tokens.count, tokens[position].kind == kind else { return false }
        position += 1
        return true
    }

    private mutating func next() -> TemplateToken? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    private var currentOffset: Int { position < tokens.count ? tokens[position].offset : (tokens.last?.offset ?? tagOffset) }

    private func describe(_ token: TemplateToken) -> String {
        switch token.kind {
        case .identifier(let s): return "\"\(s)\""
        case .string(let s): return JSONValue.string(s).canonicalText
        case .number(let n): return JSONValue.number(n).canonicalText
        case .symbol(let s): return "'\(s)'"
        }
    }
}
