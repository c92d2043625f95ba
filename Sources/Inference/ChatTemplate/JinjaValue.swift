/// A value while a template runs: the data types of `TemplateValue` plus what only exists inside
/// Jinja (undefined, namespace objects, global functions). Semantics follow Python's, since
/// templates are written against Python's Jinja2.
enum JinjaValue: Sendable {
    /// Jinja's default `Undefined`: falsy, prints as nothing, iterates as empty; anything else
    /// is an error naming the missing variable.
    case undefined(String)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JinjaValue])
    case dict(OrderedStringMap<JinjaValue>)
    /// A `namespace()` object: its attributes live in the renderer, so `set ns.x` can change them
    /// from inside loops.
    case namespace(Int)
    case function(GlobalFunction)
}

/// Functions a template can call by name.
enum GlobalFunction: String, Sendable, CaseIterable {
    case raiseException = "raise_exception"
    case strftimeNow = "strftime_now"
    case namespace
    case range
    case dict
}

extension JinjaValue {
    init(_ value: TemplateValue) {
        switch value {
        case .null: self = .none
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JinjaValue.init))
        case .object(let object): self = .dict(object.map.mapValues(JinjaValue.init))
        }
    }

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    /// Python truthiness.
    var isTruthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .dict(let map): return !map.isEmpty
        case .namespace, .function: return true
        }
    }

    /// The name Python's `type()` would report, for error messages.
    var typeName: String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .dict: return "dict"
        case .namespace: return "Namespace"
        case .function: return "function"
        }
    }

    /// Numeric view (bool counts as int, as in Python); nil for non-numbers.
    var number: Double? {
        switch self {
        case .bool(let flag): return flag ? 1 : 0
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    var integer: Int? {
        switch self {
        case .bool(let flag): return flag ? 1 : 0
        case .int(let number): return number
        default: return nil
        }
    }

    // MARK: Python str() and repr()

    /// What `{{ value }}` prints: Python's `str()`, with undefined printing as nothing.
    var text: String {
        switch self {
        case .undefined: return ""
        case .string(let text): return text
        default: return repr
        }
    }

    var repr: String {
        switch self {
        case .undefined: return ""
        case .none: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number): return PythonFormat.float(number)
        case .string(let text): return PythonFormat.stringRepr(text)
        case .array(let items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .dict(let map):
            return "{" + map.pairs.map { PythonFormat.stringRepr($0.key) + ": " + $0.value.repr }.joined(separator: ", ") + "}"
        case .namespace: return "<Namespace>"
        case .function(let function): return "<function \(function.rawValue)>"
        }
    }

    // MARK: Comparison

    /// Python `==`: numbers compare by value across int/float/bool; containers element-wise;
    /// undefined equals only undefined.
    func isEqual(to other: JinjaValue) -> Bool {
        switch (self, other) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case (.dict(let a), .dict(let b)):
            return a.count == b.count && a.pairs.allSatisfy { pair in b[pair.key].map { pair.value.isEqual(to: $0) } ?? false }
        case (.namespace(let a), .namespace(let b)): return a == b
        case (.function(let a), .function(let b)): return a == b
        default:
            if let a = integer, let b = other.integer { return a == b }
            if let a = number, let b = other.number { return a == b }
            return false
        }
    }

    /// Python ordering for `<` and friends; nil when Python would raise TypeError.
    func compare(to other: JinjaValue) -> Order? {
        switch (self, other) {
        case (.string(let a), .string(let b)):
            return order(Array(a.unicodeScalars.map(\.value)), Array(b.unicodeScalars.map(\.value)))
        case (.array(let a), .array(let b)):
            for (x, y) in zip(a, b) where !x.isEqual(to: y) { return x.compare(to: y) }
            return order(a.count, b.count)
        default:
            if let a = integer, let b = other.integer { return order(a, b) }
            if let a = number, let b = other.number { return order(a, b) }
            return nil
        }
    }

    enum Order { case ascending, same, descending }

    private func order<T: Comparable>(_ a: T, _ b: T) -> Order {
        a < b ? .ascending : (a == b ? .same : .descending)
    }

    private func order(_ a: [UInt32], _ b: [UInt32]) -> Order {
        a.lexicographicallyPrecedes(b) ? .ascending : (a == b ? .same : .descending)
    }
}
