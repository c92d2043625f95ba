import Support

/// Why a transform cannot run: the function, the argument (when one is to blame) and the reason.
public struct TransformError: Error, Equatable, CustomStringConvertible {
    public var function: String
    public var argument: String?
    public var reason: String

    public var description: String {
        "\(function)" + (argument.map { ": argument \"\($0)\"" } ?? "") + ": \(reason)"
    }
}

/// What an argument of a transform must be.
public enum TransformParameterKind: Equatable, Sendable {
    case list
    case string
    case stringList
    case nonNegativeInteger
    case numberMap
    case listOrObject
    case choice([String])
    case any

    var text: String {
        switch self {
        case .list: return "a list"
        case .string: return "a string"
        case .stringList: return "a list of strings"
        case .nonNegativeInteger: return "a non-negative integer"
        case .numberMap: return "an object of numbers"
        case .listOrObject: return "a list or an object"
        case .choice(let options): return "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        case .any: return "any value"
        }
    }

    func admits(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.any, _), (.list, .array), (.string, .string), (.listOrObject, .array), (.listOrObject, .object): return true
        case (.stringList, .array(let items)): return items.allSatisfy { $0.stringValue != nil }
        case (.nonNegativeInteger, _): return (value.intValue ?? -1) >= 0
        case (.numberMap, .object(let members)): return members.values.allSatisfy { $0.numberValue != nil }
        case (.choice(let options), .string(let s)): return options.contains(s)
        default: return false
        }
    }
}

public struct TransformParameter: Sendable {
    public let name: String
    public let kind: TransformParameterKind
    /// Used when the argument is absent; nil makes the argument required.
    public let defaultValue: JSONValue?
    public let optional: Bool

    init(_ name: String, _ kind: TransformParameterKind, default defaultValue: JSONValue? = nil, optional: Bool = false) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.optional = optional
    }

    public var isRequired: Bool { defaultValue == nil && !optional }
}

/// A built-in transform: a pure function of JSON arguments, declared with its parameters so a flow
/// can be checked before it runs. Flows name these; there is no way to supply code.
public struct TransformFunction: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [TransformParameter]
    /// Checks across arguments that a single parameter kind cannot express; literal values only.
    let crossCheck: @Sendable ([String: JSONValue]) -> TransformError?
    let body: @Sendable (TransformArguments) throws -> JSONValue

    /// Problems visible before running: unknown or missing arguments, and literal arguments of the
    /// wrong kind. `given` maps each argument to its literal value, or nil when it is a reference
    /// whose value is known only at run time.
    public func check(_ given: [String: JSONValue?]) -> [TransformError] {
        var problems: [TransformError] = []
        let known = Set(parameters.map(\.name))
        for name in given.keys.sorted() where !known.contains(name) {
            problems.append(TransformError(function: self.name, argument: name,
                                           reason: "unknown argument (\(self.name) takes \(parameterList))"))
        }
        var literals: [String: JSONValue] = [:]
        for parameter in parameters {
            guard let entry = given[parameter.name] else {
                if parameter.isRequired {
                    problems.append(TransformError(function: name, argument: parameter.name, reason: "missing required argument (\(parameter.kind.text))"))
                }
                continue
            }
            guard let value = entry else { continue }
            literals[parameter.name] = value
            if !parameter.kind.admits(value) {
                problems.append(TransformError(function: name, argument: parameter.name,
                                               reason: "expected \(parameter.kind.text), found \(value.canonicalText)"))
            }
        }
        if problems.isEmpty, let problem = crossCheck(literals) { problems.append(problem) }
        return problems
    }

    /// Runs the function on resolved arguments, checking them again (references are known now).
    public func apply(_ arguments: [String: JSONValue]) throws -> JSONValue {
        if let problem = check(arguments.mapValues { Optional($0) }).first { throw problem }
        var values: [String: JSONValue] = [:]
        for parameter in parameters {
            if let value = arguments[parameter.name] ?? parameter.defaultValue { values[parameter.name] = value }
        }
        return try body(TransformArguments(function: name, values: values))
    }

    var parameterList: String {
        parameters.map { $0.isRequired ? $0.name : $0.name + "?" }.joined(separator: ", ")
    }
}

/// Checked arguments as the function body reads them; errors name the function and argument.
struct TransformArguments {
    let function: String
    let values: [String: JSONValue]

    func list(_ name: String) -> [JSONValue] { values[name]?.arrayValue ?? [] }
    func string(_ name: String) -> String? { values[name]?.stringValue }
    func int(_ name: String) -> Int { values[name]?.intValue ?? 0 }
    func strings(_ name: String) -> [String]? { values[name]?.arrayValue?.compactMap(\.stringValue) }

    func fail(_ argument: String?, _ reason: String) -> TransformError {
        TransformError(function: function, argument: argument, reason: reason)
    }

    /// The value at a dotted field path (`"evidence.level"`) inside item `index` of argument `list`.
    func field(_ path: String, of item: JSONValue, index: Int, in list: String) throws -> JSONValue {
        var current = item
        for key in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            guard case .object(let members) = current else {
                throw fail(list, "item \(index) is \(current.typeName), not an object with field \"\(path)\"")
            }
            guard let next = members[key] else {
                throw fail(list, "item \(index) has no field \"\(path)\" (fields: \(members.keys.sorted().joined(separator: ", ")))")
            }
            current = next
        }
        return current
    }
}
