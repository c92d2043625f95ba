import Support

/// Renders a parsed template against a JSON context. Strict: an undefined variable or key, or a
/// value with no text form (a list, an object, null) in `{{ }}`, is an error naming it and its place.
struct TemplateRenderer {
    let lexer: TemplateLexer
    private var scopes: [[String: JSONValue]]

    init(lexer: TemplateLexer, context: [String: JSONValue]) {
        self.lexer = lexer
        self.scopes = [context]
    }

    mutating func render(_ nodes: [TemplateNode], into out: inout String) throws {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .output(let expression, let offset):
                let value = try evaluate(expression)
                guard let text = Self.scalarText(value) else {
                    let hint = value.isNull ? "use | default(\"...\")" : "use | json, | pretty or | join(\", \")"
                    throw error(at: offset, .type, "\(expression.text) is \(value.typeName), which has no text form; \(hint)")
                }
                out += text
            case .loop(let variable, let over, let body, let offset):
                let sequence = try evaluate(over)
                guard case .array(let items) = sequence else {
                    throw error(at: offset, .type, "for loop over \(over.text) needs a list, found \(sequence.typeName)")
                }
                for (index, item) in items.enumerated() {
                    let loop: JSONValue = [
                        "index": .number(Double(index + 1)), "index0": .number(Double(index)),
                        "first": .bool(index == 0), "last": .bool(index == items.count - 1),
                        "length": .number(Double(items.count)),
                    ]
                    scopes.append([variable: item, "loop": loop])
                    defer { scopes.removeLast() }
                    try render(body, into: &out)
                }
            case .conditional(let branches, let otherwise):
                var taken = false
                for (condition, body) in branches where try Self.isTruthy(evaluate(condition)) {
                    try render(body, into: &out)
                    taken = true
                    break
                }
                if !taken { try render(otherwise, into: &out) }
            }
        }
    }

    private func evaluate(_ expression: TemplateExpression) throws -> JSONValue {
        switch expression {
        case .literal(let value):
            return value
        case .variable(let name, let offset):
            for scope in scopes.reversed() { if let value = scope[name] { return value } }
            throw error(at: offset, .undefined, "undefined variable \"\(name)\"")
        case .member(let base, let key, let offset):
            let container = try evaluate(base)
            guard case .object(let members) = container else {
                throw error(at: offset, .type, "\(base.text) is \(container.typeName), so it has no key \"\(key)\"")
            }
            guard let value = members[key] else {
                throw error(at: offset, .undefined, "\(base.text) has no key \"\(key)\" (keys: \(members.keys.sorted().joined(separator: ", ")))")
            }
            return value
        case .index(let base, let index, let offset):
            let container = try evaluate(base)
            guard case .array(let items) = container else {
                throw error(at: offset, .type, "\(base.text) is \(container.typeName), not a list, so it has no item [\(index)]")
            }
            guard items.indices.contains(index) else {
                throw error(at: offset, .undefined, "\(base.text) has \(items.count) items, so it has no item [\(index)]")
            }
            return items[index]
        case .filter(let base, let filter, let arguments, let offset):
            var value: JSONValue?
            do {
                value = try evaluate(base)
            } catch let failure as TemplateError where failure.kind == .undefined && filter.acceptsUndefined {
                value = nil
            }
            let values = try arguments.map(evaluate)
            do {
                return try filter.apply(value, values)
            } catch let failure as TemplateFilter.Failure {
                throw error(at: offset, .type, "\(expression.text): \(failure.reason)")
            }
        case .not(let operand):
            return .bool(!Self.isTruthy(try evaluate(operand)))
        case .and(let left, let right):
            guard Self.isTruthy(try evaluate(left)) else { return .bool(false) }
            return .bool(Self.isTruthy(try evaluate(right)))
        case .or(let left, let right):
            if Self.isTruthy(try evaluate(left)) { return .bool(true) }
            return .bool(Self.isTruthy(try evaluate(right)))
        case .equal(let left, let right, let negated):
            return .bool((try evaluate(left) == evaluate(right)) != negated)
        }
    }

    /// False: null, false, 0, "", [], {}. True: everything else.
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }

    /// The text a scalar renders as; nil for null, lists and objects.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number: return value.canonicalText
        case .bool(let b): return b ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }

    private func error(at offset: Int, _ kind: TemplateError.Kind, _ reason: String) -> TemplateError {
        var failure = lexer.error(at: offset, reason)
        failure.kind = kind
        return failure
    }
}
