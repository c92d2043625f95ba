/// Jinja's `is name` tests (also used by `select`/`selectattr`), with Jinja2's semantics.
enum TemplatePredicates {
    static let known: Set<String> = [
        "defined", "undefined", "none", "string", "number", "integer", "float", "boolean", "true", "false",
        "mapping", "iterable", "sequence", "callable", "equalto", "eq", "==", "ne", "!=", "sameas",
        "lower", "upper", "odd", "even", "divisibleby", "in", "gt", ">", "lt", "<", "ge", ">=", "le", "<=",
        "greaterthan", "lessthan",
    ]

    static func test(_ name: String, _ value: JinjaValue, _ arguments: CallArguments) throws -> Bool {
        let position = arguments.position
        func argument() throws -> JinjaValue {
            guard let first = arguments.positional.first else {
                throw ChatTemplateError(.typeMismatch, at: position, "test '\(name)' needs an argument")
            }
            return first
        }
        func ordered(_ accept: (JinjaValue.Order) -> Bool) throws -> Bool {
            let other = try argument()
            guard let order = value.compare(to: other) else {
                throw ChatTemplateError(.typeMismatch, at: position, "test '\(name)': cannot compare '\(value.typeName)' with '\(other.typeName)'")
            }
            return accept(order)
        }
        switch name {
        case "defined": return !value.isUndefined
        case "undefined": return value.isUndefined
        case "none": return value.isNone
        case "string": if case .string = value { return true } else { return false }
        case "number": return value.number != nil
        case "integer": if case .int = value { return true } else { return false }
        case "float": if case .double = value { return true } else { return false }
        case "boolean": if case .bool = value { return true } else { return false }
        case "true": if case .bool(true) = value { return true } else { return false }
        case "false": if case .bool(false) = value { return true } else { return false }
        case "mapping": if case .dict = value { return true } else { return false }
        case "iterable", "sequence":
            switch value {
            case .string, .array, .dict: return true
            case .undefined: return name == "iterable"
            default: return false
            }
        case "callable": if case .function = value { return true } else { return false }
        case "equalto", "eq", "==": return value.isEqual(to: try argument())
        case "ne", "!=": return !value.isEqual(to: try argument())
        case "sameas":
            let other = try argument()
            switch (value, other) {
            case (.none, .none), (.undefined, .undefined): return true
            case (.bool(let a), .bool(let b)): return a == b
            default: return value.isEqual(to: other) && value.typeName == other.typeName
            }
        case "lower": if case .string(let text) = value { return text == text.lowercased() } else { return false }
        case "upper": if case .string(let text) = value { return text == text.uppercased() } else { return false }
        case "odd", "even", "divisibleby":
            guard let number = value.integer else {
                throw ChatTemplateError(.typeMismatch, at: position, "test '\(name)' needs an integer, found \(value.typeName)")
            }
            if name == "odd" { return number % 2 != 0 }
            if name == "even" { return number % 2 == 0 }
            guard let divisor = try argument().integer, divisor != 0 else {
                throw ChatTemplateError(.typeMismatch, at: position, "test 'divisibleby' needs a non-zero integer")
            }
            return number % divisor == 0
        case "in": return try TemplateOperators.contains(try argument(), value, at: position)
        case "gt", ">", "greaterthan": return try ordered { $0 == .descending }
        case "lt", "<", "lessthan": return try ordered { $0 == .ascending }
        case "ge", ">=": return try ordered { $0 != .ascending }
        case "le", "<=": return try ordered { $0 != .descending }
        default:
            throw ChatTemplateError(.unknownTest, at: position, "unknown test '\(name)'")
        }
    }
}
