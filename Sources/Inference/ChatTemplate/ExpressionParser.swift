/// Parses the tokens of one tag into expressions, with Jinja2's precedence (loosest first):
/// `x if c else y`, `or`, `and`, `not`, comparisons and `in`, `+ -`, `~`, `* / // %`, `**`,
/// unary `- +`, then postfix `.attr [key] (call)`, filters `|f` and tests `is t`.
struct ExpressionParser {
    private let tokens: [TemplateToken]
    private let end: SourcePosition
    private var cursor = 0

    /// `end` is the position of the tag's closing delimiter, reported when tokens run out.
    init(tokens: [TemplateToken], end: SourcePosition) {
        self.tokens = tokens
        self.end = end
    }

    // MARK: Token access

    var isAtEnd: Bool { cursor >= tokens.count }
    var position: SourcePosition { isAtEnd ? end : tokens[cursor].position }

    func peekName(_ name: String, offset: Int = 0) -> Bool {
        guard cursor + offset < tokens.count else { return false }
        return tokens[cursor + offset].kind == .name(name)
    }

    func peekSymbol(_ symbol: String) -> Bool {
        !isAtEnd && tokens[cursor].kind == .symbol(symbol)
    }

    mutating func skipName(_ name: String) -> Bool {
        guard peekName(name) else { return false }
        cursor += 1
        return true
    }

    mutating func skipSymbol(_ symbol: String) -> Bool {
        guard peekSymbol(symbol) else { return false }
        cursor += 1
        return true
    }

    mutating func expectSymbol(_ symbol: String) throws {
        guard skipSymbol(symbol) else { throw unexpected(expected: "'\(symbol)'") }
    }

    mutating func expectName() throws -> String {
        guard !isAtEnd, case .name(let name) = tokens[cursor].kind else { throw unexpected(expected: "a name") }
        cursor += 1
        return name
    }

    func expectEnd(of tag: String) throws {
        guard isAtEnd else { throw unexpected(expected: "the end of the \(tag)") }
    }

    func unexpected(expected: String) -> ChatTemplateError {
        guard !isAtEnd else {
            return ChatTemplateError(.syntax, at: end, "unexpected end of tag, expected \(expected)")
        }
        return ChatTemplateError(.syntax, at: position, "expected \(expected), found \(describe(tokens[cursor].kind))")
    }

    private func describe(_ kind: TemplateToken.Kind) -> String {
        switch kind {
        case .name(let name): return "'\(name)'"
        case .string(let text): return "string \(PythonFormat.stringRepr(text))"
        case .integer(let number): return "number \(number)"
        case .float(let number): return "number \(PythonFormat.float(number))"
        case .symbol(let symbol): return "'\(symbol)'"
        }
    }

    // MARK: Expressions, loosest binding first

    mutating func parseExpression() throws -> TemplateExpression {
        var value = try parseOr()
        while peekName("if") {
            let position = value.position
            cursor += 1
            let condition = try parseOr()
            let otherwise = skipName("else") ? try parseExpression() : nil
            value = TemplateExpression(kind: .conditional(value: value, condition: condition, otherwise: otherwise), position: position)
        }
        return value
    }

    mutating func parseOr() throws -> TemplateExpression {
        var left = try parseAnd()
        while skipName("or") {
            left = TemplateExpression(kind: .logical(isAnd: false, left, try parseAnd()), position: left.position)
        }
        return left
    }

    private mutating func parseAnd() throws -> TemplateExpression {
        var left = try parseNot()
        while skipName("and") {
            left = TemplateExpression(kind: .logical(isAnd: true, left, try parseNot()), position: left.position)
        }
        return left
    }

    private mutating func parseNot() throws -> TemplateExpression {
        let start = position
        if skipName("not") { return TemplateExpression(kind: .unary(.not, try parseNot()), position: start) }
        return try parseComparison()
    }

    /// Chains like `a < b < c` mean `a < b and b < c`, as in Python.
    private mutating func parseComparison() throws -> TemplateExpression {
        let first = try parseAdditive()
        var result: TemplateExpression?
        var left = first
        while let op = comparisonOperator() {
            let right = try parseAdditive()
            let pair = TemplateExpression(kind: .binary(op, left, right), position: left.position)
            result = result.map { TemplateExpression(kind: .logical(isAnd: true, $0, pair), position: first.position) } ?? pair
            left = right
        }
        return result ?? first
    }

    private mutating func comparisonOperator() -> BinaryOperator? {
        if skipName("in") { return .contains }
        if peekName("not") && peekName("in", offset: 1) {
            cursor += 2
            return .notContains
        }
        for op in [BinaryOperator.equal, .notEqual, .less, .greater, .lessEqual, .greaterEqual] where skipSymbol(op.rawValue) {
            return op
        }
        return nil
    }

    private mutating func parseAdditive() throws -> TemplateExpression {
        var left = try parseConcat()
        while let op = [BinaryOperator.add, .subtract].first(where: { peekSymbol($0.rawValue) }) {
            cursor += 1
            left = TemplateExpression(kind: .binary(op, left, try parseConcat()), position: left.position)
        }
        return left
    }

    private mutating func parseConcat() throws -> TemplateExpression {
        var left = try parseMultiplicative()
        while skipSymbol("~") {
            left = TemplateExpression(kind: .binary(.concat, left, try parseMultiplicative()), position: left.position)
        }
        return left
    }

    private mutating func parseMultiplicative() throws -> TemplateExpression {
        var left = try parsePower()
        while let op = [BinaryOperator.multiply, .divide, .floorDivide, .modulo].first(where: { peekSymbol($0.rawValue) }) {
            cursor += 1
            left = TemplateExpression(kind: .binary(op, left, try parsePower()), position: left.position)
        }
        return left
    }

    private mutating func parsePower() throws -> TemplateExpression {
        var left = try parseUnary(withFilters: true)
        while skipSymbol("**") {
            left = TemplateExpression(kind: .binary(.power, left, try parseUnary(withFilters: true)), position: left.position)
        }
        return left
    }

    /// As in Jinja, `-x|f` applies the filter to `-x`.
    private mutating func parseUnary(withFilters: Bool) throws -> TemplateExpression {
        let start = position
        var node: TemplateExpression
        if skipSymbol("-") {
            node = TemplateExpression(kind: .unary(.negate, try parseUnary(withFilters: false)), position: start)
        } else if skipSymbol("+") {
            node = TemplateExpression(kind: .unary(.plus, try parseUnary(withFilters: false)), position: start)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        return withFilters ? try parseFiltersAndTests(node) : node
    }

    // MARK: Primary values

    private mutating func parsePrimary() throws -> TemplateExpression {
        guard !isAtEnd else { throw unexpected(expected: "an expression") }
        let token = tokens[cursor]
        cursor += 1
        let literal: JinjaValue
        switch token.kind {
        case .name(let name):
            switch name {
            case "true", "True": literal = .bool(true)
            case "false", "False": literal = .bool(false)
            case "none", "None": literal = .none
            default: return TemplateExpression(kind: .name(name), position: token.position)
            }
        case .string(var text):
            // Adjacent string literals join, as in Python.
            while !isAtEnd, case .string(let more) = tokens[cursor].kind {
                text += more
                cursor += 1
            }
            literal = .string(text)
        case .integer(let number): literal = .int(number)
        case .float(let number): literal = .double(number)
        case .symbol("("): return try parseParenthesized(at: token.position)
        case .symbol("["):
            let items = try parseList(closer: "]")
            return TemplateExpression(kind: .list(items), position: token.position)
        case .symbol("{"): return try parseDict(at: token.position)
        default:
            cursor -= 1
            throw unexpected(expected: "an expression")
        }
        return TemplateExpression(kind: .literal(literal), position: token.position)
    }

    /// `(x)` groups; `(a, b)` and `()` are tuples, which behave as lists here.
    private mutating func parseParenthesized(at start: SourcePosition) throws -> TemplateExpression {
        if skipSymbol(")") { return TemplateExpression(kind: .list([]), position: start) }
        let first = try parseExpression()
        if skipSymbol(")") { return first }
        try expectSymbol(",")
        var items = [first]
        items.append(contentsOf: try parseList(closer: ")"))
        return TemplateExpression(kind: .list(items), position: start)
    }

    /// Comma-separated expressions up to `closer` (a trailing comma is allowed).
    private mutating func parseList(closer: String) throws -> [TemplateExpression] {
        var items: [TemplateExpression] = []
        while !skipSymbol(closer) {
            if !items.isEmpty && !peekSymbol(closer) { try expectSymbol(",") }
            if skipSymbol(closer) { break }
            items.append(try parseExpression())
        }
        return items
    }

    private mutating func parseDict(at start: SourcePosition) throws -> TemplateExpression {
        var pairs: [(key: TemplateExpression, value: TemplateExpression)] = []
        while !skipSymbol("}") {
            if !pairs.isEmpty {
                try expectSymbol(",")
                if skipSymbol("}") { break }
            }
            let key = try parseExpression()
            try expectSymbol(":")
            pairs.append((key: key, value: try parseExpression()))
        }
        return TemplateExpression(kind: .dict(pairs), position: start)
    }

    // MARK: Postfix, filters and tests

    private mutating func parsePostfix(_ base: TemplateExpression) throws -> TemplateExpression {
        var node = base
        while true {
            let start = position
            if skipSymbol(".") {
                guard !isAtEnd else { throw unexpected(expected: "an attribute name") }
                switch tokens[cursor].kind {
                case .name(let name): node = TemplateExpression(kind: .attribute(node, name), position: start)
                case .integer(let index):
                    node = TemplateExpression(kind: .item(node, TemplateExpression(kind: .literal(.int(index)), position: start)), position: start)
                default: throw unexpected(expected: "an attribute name")
                }
                cursor += 1
            } else if skipSymbol("[") {
                node = try parseSubscript(node, at: start)
            } else if skipSymbol("(") {
                // Calls report the callee's position: that is where `raise_exception(...)` starts.
                node = TemplateExpression(kind: .call(node, arguments: try parseArguments()), position: node.position)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(_ base: TemplateExpression, at start: SourcePosition) throws -> TemplateExpression {
        let first = peekSymbol(":") ? nil : try parseExpression()
        guard skipSymbol(":") else {
            try expectSymbol("]")
            guard let key = first else { throw unexpected(expected: "an index") }
            return TemplateExpression(kind: .item(base, key), position: start)
        }
        let stop = peekSymbol(":") || peekSymbol("]") ? nil : try parseExpression()
        var step: TemplateExpression?
        if skipSymbol(":") { step = peekSymbol("]") ? nil : try parseExpression() }
        try expectSymbol("]")
        return TemplateExpression(kind: .slice(base, start: first, stop: stop, step: step), position: start)
    }

    /// After `(`: positional then `name=value` arguments up to `)`.
    private mutating func parseArguments() throws -> TemplateArguments {
        var arguments = TemplateArguments()
        var first = true
        while !skipSymbol(")") {
            if !first {
                try expectSymbol(",")
                if skipSymbol(")") { break }
            }
            first = false
            if cursor + 1 < tokens.count, case .name(let name) = tokens[cursor].kind, tokens[cursor + 1].kind == .symbol("=") {
                cursor += 2
                arguments.keyword.append((name: name, value: try parseExpression()))
            } else {
                guard arguments.keyword.isEmpty else { throw unexpected(expected: "a keyword argument after keyword arguments") }
                arguments.positional.append(try parseExpression())
            }
        }
        return arguments
    }

    private mutating func parseFiltersAndTests(_ base: TemplateExpression) throws -> TemplateExpression {
        var node = base
        while true {
            let start = position
            if skipSymbol("|") {
                let namePosition = position
                let name = try expectName()
                guard TemplateFilters.known.contains(name) else {
                    throw ChatTemplateError(.unknownFilter, at: namePosition, "unknown filter '\(name)'")
                }
                let arguments = skipSymbol("(") ? try parseArguments() : TemplateArguments()
                node = TemplateExpression(kind: .filter(node, name: name, arguments: arguments), position: namePosition)
            } else if skipName("is") {
                let negated = skipName("not")
                let namePosition = position
                let name = try expectName()
                guard TemplatePredicates.known.contains(name) else {
                    throw ChatTemplateError(.unknownTest, at: namePosition, "unknown test '\(name)'")
                }
                var arguments = TemplateArguments()
                if skipSymbol("(") {
                    arguments = try parseArguments()
                } else if startsBareTestArgument() {
                    arguments.positional = [try parsePostfix(try parsePrimary())]
                }
                node = TemplateExpression(kind: .test(node, name: name, arguments: arguments, negated: negated), position: start)
            } else if skipSymbol("(") {
                node = TemplateExpression(kind: .call(node, arguments: try parseArguments()), position: node.position)
            } else {
                return node
            }
        }
    }

    /// `x is divisibleby 3`, `x is sameas none`: Jinja takes one bare argument when a value follows.
    private func startsBareTestArgument() -> Bool {
        guard !isAtEnd else { return false }
        switch tokens[cursor].kind {
        case .name(let name): return !["else", "or", "and"].contains(name)
        case .string, .integer, .float: return true
        case .symbol(let symbol): return ["[", "{"].contains(symbol)
        }
    }
}
