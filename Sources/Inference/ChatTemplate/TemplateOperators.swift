import Foundation

/// Jinja's operators with Python's semantics: `/` always gives a float, `//` and `%` floor
/// toward negative infinity, `+` joins strings and lists, `*` repeats them.
enum TemplateOperators {
    static func unary(_ op: UnaryOperator, _ value: JinjaValue, at position: SourcePosition) throws -> JinjaValue {
        switch op {
        case .not: return .bool(!value.isTruthy)
        case .plus, .negate:
            let negate = op == .negate
            if let number = value.integer {
                guard negate else { return .int(number) }
                let negated = 0.subtractingReportingOverflow(number)
                guard !negated.overflow else { throw ChatTemplateError(.typeMismatch, at: position, "integer overflow in -(\(number))") }
                return .int(negated.partialValue)
            }
            if case .double(let number) = value { return .double(negate ? -number : number) }
            throw failure(value, at: position, "bad operand type for unary \(negate ? "-" : "+"): '\(value.typeName)'")
        }
    }

    static func binary(_ op: BinaryOperator, _ left: JinjaValue, _ right: JinjaValue, at position: SourcePosition) throws -> JinjaValue {
        switch op {
        case .concat: return .string(left.text + right.text)
        case .equal: return .bool(left.isEqual(to: right))
        case .notEqual: return .bool(!left.isEqual(to: right))
        case .contains, .notContains:
            let found = try contains(right, left, at: position)
            return .bool(op == .contains ? found : !found)
        case .less, .greater, .lessEqual, .greaterEqual:
            try rejectUndefined(left, right, at: position)
            guard let order = left.compare(to: right) else {
                throw ChatTemplateError(.typeMismatch, at: position,
                    "'\(op.rawValue)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'")
            }
            switch op {
            case .less: return .bool(order == .ascending)
            case .greater: return .bool(order == .descending)
            case .lessEqual: return .bool(order != .descending)
            default: return .bool(order != .ascending)
            }
        default:
            try rejectUndefined(left, right, at: position)
            if let result = try arithmetic(op, left, right, at: position) { return result }
            throw ChatTemplateError(.typeMismatch, at: position,
                "unsupported operand types for \(op.rawValue): '\(left.typeName)' and '\(right.typeName)'")
        }
    }

    /// Python's `needle in haystack`.
    static func contains(_ haystack: JinjaValue, _ needle: JinjaValue, at position: SourcePosition) throws -> Bool {
        switch haystack {
        case .undefined: return false
        case .string(let text):
            guard case .string(let part) = needle else {
                throw ChatTemplateError(.typeMismatch, at: position, "'in <string>' requires a string on the left, found \(needle.typeName)")
            }
            return part.isEmpty || text.unicodeScalars.containsSubsequence(part.unicodeScalars)
        case .array(let items): return items.contains { $0.isEqual(to: needle) }
        case .dict(let map):
            guard case .string(let key) = needle else { return false }
            return map[key] != nil
        default:
            throw ChatTemplateError(.typeMismatch, at: position, "argument of type '\(haystack.typeName)' is not iterable")
        }
    }

    private static func rejectUndefined(_ left: JinjaValue, _ right: JinjaValue, at position: SourcePosition) throws {
        for value in [left, right] {
            if case .undefined(let why) = value { throw ChatTemplateError(.undefinedValue, at: position, why) }
        }
    }

    private static func failure(_ value: JinjaValue, at position: SourcePosition, _ reason: String) -> ChatTemplateError {
        if case .undefined(let why) = value { return ChatTemplateError(.undefinedValue, at: position, why) }
        return ChatTemplateError(.typeMismatch, at: position, reason)
    }

    // MARK: Arithmetic

    private static func arithmetic(_ op: BinaryOperator, _ left: JinjaValue, _ right: JinjaValue, at position: SourcePosition) throws -> JinjaValue? {
        switch (op, left, right) {
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.add, .array(let a), .array(let b)): return .array(a + b)
        case (.multiply, .string(let text), _) where right.integer != nil:
            return .string(String(repeating: text, count: max(0, right.integer ?? 0)))
        case (.multiply, .array(let items), _) where right.integer != nil:
            return .array(Array(repeating: items, count: max(0, right.integer ?? 0)).flatMap { $0 })
        default: break
        }
        if let a = left.integer, let b = right.integer { return try integerArithmetic(op, a, b, at: position) }
        guard let a = left.number, let b = right.number else { return nil }
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .power: return .double(Foundation.pow(a, b))
        case .divide, .floorDivide, .modulo:
            guard b != 0 else { throw ChatTemplateError(.typeMismatch, at: position, "float division by zero") }
            if op == .divide { return .double(a / b) }
            let quotient = (a / b).rounded(.down)
            return .double(op == .floorDivide ? quotient : a - b * quotient)
        default: return nil
        }
    }

    private static func integerArithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int, at position: SourcePosition) throws -> JinjaValue? {
        let overflow = ChatTemplateError(.typeMismatch, at: position, "integer overflow in \(a) \(op.rawValue) \(b)")
        func checked(_ result: (partialValue: Int, overflow: Bool)) throws -> JinjaValue {
            guard !result.overflow else { throw overflow }
            return .int(result.partialValue)
        }
        switch op {
        case .add: return try checked(a.addingReportingOverflow(b))
        case .subtract: return try checked(a.subtractingReportingOverflow(b))
        case .multiply: return try checked(a.multipliedReportingOverflow(by: b))
        case .divide:
            guard b != 0 else { throw ChatTemplateError(.typeMismatch, at: position, "division by zero") }
            return .double(Double(a) / Double(b))
        case .floorDivide, .modulo:
            guard b != 0 else { throw ChatTemplateError(.typeMismatch, at: position, "integer division or modulo by zero") }
            var quotient = a / b
            if (a % b != 0) && ((a < 0) != (b < 0)) { quotient -= 1 }
            return .int(op == .floorDivide ? quotient : a - b * quotient)
        case .power:
            guard b >= 0 else { return .double(Foundation.pow(Double(a), Double(b))) }
            var result = 1
            for _ in 0..<b {
                let step = result.multipliedReportingOverflow(by: a)
                guard !step.overflow else { throw overflow }
                result = step.partialValue
            }
            return .int(result)
        default: return nil
        }
    }

    // MARK: Slices

    /// Python's `sequence[start:stop:step]` on lists and strings (strings by code point).
    static func slice(_ value: JinjaValue, start: JinjaValue?, stop: JinjaValue?, step: JinjaValue?, at position: SourcePosition) throws -> JinjaValue {
        func bound(_ value: JinjaValue?, _ name: String) throws -> Int? {
            guard let value, !value.isNone, !value.isUndefined else { return nil }
            guard let number = value.integer else {
                throw ChatTemplateError(.typeMismatch, at: position, "slice \(name) must be an integer, found \(value.typeName)")
            }
            return number
        }
        let stride = try bound(step, "step") ?? 1
        guard stride != 0 else { throw ChatTemplateError(.typeMismatch, at: position, "slice step cannot be zero") }
        let lower = try bound(start, "start")
        let upper = try bound(stop, "stop")
        func indices(count: Int) -> [Int] {
            func clamp(_ index: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
                guard let index else { return fallback }
                return min(max(index < 0 ? index + count : index, low), high)
            }
            if stride > 0 {
                let from = clamp(lower, 0, low: 0, high: count)
                let to = clamp(upper, count, low: 0, high: count)
                return Array(Swift.stride(from: from, to: to, by: stride))
            }
            let from = clamp(lower, count - 1, low: -1, high: count - 1)
            let to = clamp(upper, -1, low: -1, high: count - 1)
            return Array(Swift.stride(from: from, to: to, by: stride))
        }
        switch value {
        case .array(let items): return .array(indices(count: items.count).map { items[$0] })
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            return .string(String(String.UnicodeScalarView(indices(count: scalars.count).map { scalars[$0] })))
        case .undefined(let why): throw ChatTemplateError(.undefinedValue, at: position, "\(why), so it cannot be sliced")
        default: throw ChatTemplateError(.typeMismatch, at: position, "'\(value.typeName)' object cannot be sliced")
        }
    }
}

extension String.UnicodeScalarView {
    /// Whether `part` occurs contiguously in this view.
    func containsSubsequence(_ part: String.UnicodeScalarView) -> Bool {
        let haystack = Array(self)
        let needle = Array(part)
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
