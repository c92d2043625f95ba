import Foundation
import Support

/// Why a schema document cannot be used: the JSON path of the offending keyword inside the schema
/// and the reason. Unsupported keywords are errors, never silently ignored, so a schema never
/// promises a check the validator does not make.
public struct SchemaCompileError: Error, Equatable, CustomStringConvertible {
    public var path: JSONPath
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// A JSON Schema (the subset our steps need), compiled once and then used to validate answers.
///
/// Supported: `type` (a name or a list, `integer` included), `properties`, `required`,
/// `additionalProperties` (boolean or schema), `items`, `minItems`, `maxItems`, `enum`, `const`,
/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (numbers, as in draft 2020-12),
/// `minLength`, `maxLength`, `pattern`, `anyOf`, `oneOf`, `allOf`, `$ref` to `#/$defs/NAME`, and
/// `$defs` at the root. Annotations (`description`, `title`, `$schema`, `$comment`, `examples`,
/// `default`) are accepted and ignored. Anything else is a `SchemaCompileError` naming its path.
public struct JSONSchema: Sendable {
    public let source: JSONValue
    public let root: SchemaNode
    public let definitions: [String: SchemaNode]

    public init(compiling source: JSONValue) throws {
        var compiler = SchemaCompiler()
        if case .object(let members) = source, let defs = members["$defs"] {
            compiler.definitionNames = Set(defs.objectValue?.keys.map { $0 } ?? [])
        }
        self.source = source
        self.root = try compiler.compile(source, at: .root, isRoot: true)
        self.definitions = compiler.definitions
        try compiler.rejectReferenceCycles()
    }

    /// Every way `instance` fails the schema, each with the instance path, what was expected and
    /// what was found. Empty when the instance is valid.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        SchemaValidator(definitions: definitions).check(instance, against: root, at: .root, into: &violations)
        return violations
    }

    public func isValid(_ instance: JSONValue) -> Bool { validate(instance).isEmpty }
}

struct SchemaCompiler {
    var definitionNames: Set<String> = []
    var definitions: [String: SchemaNode] = [:]

    static let annotations: Set<String> = ["description", "title", "$schema", "$comment", "examples", "default"]
    static let keywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "enum",
        "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
        "pattern", "anyOf", "oneOf", "allOf", "$ref", "$defs",
    ]

    mutating func compile(_ value: JSONValue, at path: JSONPath, isRoot: Bool = false) throws -> SchemaNode {
        let members: [String: JSONValue]
        switch value {
        case .bool(true): return SchemaNode()
        case .bool(false): return SchemaNode(rejectsEverything: true)
        case .object(let m): members = m
        default: throw SchemaCompileError(path: path, reason: "a schema must be an object or a boolean, found \(value.typeName)")
        }
        for key in members.keys.sorted() where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
            throw SchemaCompileError(path: path.appending(key), reason: "unsupported schema keyword \"\(key)\"")
        }
        if let defs = members["$defs"] {
            guard isRoot else { throw SchemaCompileError(path: path.appending("$defs"), reason: "$defs is supported only at the root of a schema") }
            guard case .object(let named) = defs else { throw SchemaCompileError(path: path.appending("$defs"), reason: "expected an object of schemas, found \(defs.typeName)") }
            for name in named.keys.sorted() {
                definitions[name] = try compile(named[name]!, at: path.appending("$defs").appending(name))
            }
        }

        var properties: [String: SchemaNode] = [:]
        if let value = members["properties"] {
            guard case .object(let named) = value else { throw SchemaCompileError(path: path.appending("properties"), reason: "expected an object of schemas, found \(value.typeName)") }
            for name in named.keys.sorted() {
                properties[name] = try compile(named[name]!, at: path.appending("properties").appending(name))
            }
        }
        let enumValues = try members["enum"].map { value -> [JSONValue] in
            guard case .array(let items) = value, !items.isEmpty else { throw SchemaCompileError(path: path.appending("enum"), reason: "expected a non-empty array") }
            return items
        }
        return SchemaNode(
            types: try types(members["type"], at: path.appending("type")),
            properties: properties,
            required: try required(members["required"], at: path.appending("required")),
            additionalProperties: try members["additionalProperties"].map { try compile($0, at: path.appending("additionalProperties")) },
            items: try members["items"].map { try compile($0, at: path.appending("items")) },
            minItems: try count(members["minItems"], at: path.appending("minItems")),
            maxItems: try count(members["maxItems"], at: path.appending("maxItems")),
            enumValues: enumValues,
            constValue: members["const"],
            minimum: try number(members["minimum"], at: path.appending("minimum")),
            maximum: try number(members["maximum"], at: path.appending("maximum")),
            exclusiveMinimum: try number(members["exclusiveMinimum"], at: path.appending("exclusiveMinimum")),
            exclusiveMaximum: try number(members["exclusiveMaximum"], at: path.appending("exclusiveMaximum")),
            minLength: try count(members["minLength"], at: path.appending("minLength")),
            maxLength: try count(members["maxLength"], at: path.appending("maxLength")),
            pattern: try pattern(members["pattern"], at: path.appending("pattern")),
            anyOf: try list(members["anyOf"], at: path.appending("anyOf")),
            oneOf: try list(members["oneOf"], at: path.appending("oneOf")),
            allOf: try list(members["allOf"], at: path.appending("allOf")),
            reference: try reference(members["$ref"], at: path.appending("$ref")))
    }

    private func types(_ value: JSONValue?, at path: JSONPath) throws -> [SchemaType]? {
        guard let value else { return nil }
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let items) where !items.isEmpty: names = items
        default: throw SchemaCompileError(path: path, reason: "expected a type name or a non-empty array of them, found \(value.typeName)")
        }
        return try names.enumerated().map { index, name in
            let at = value.arrayValue == nil ? path : path.appending(index)
            guard let text = name.stringValue, let type = SchemaType(rawValue: text) else {
                let known = SchemaType.allCases.map(\.rawValue).joined(separator: ", ")
                throw SchemaCompileError(path: at, reason: "unknown type \(name.canonicalText) (known: \(known))")
            }
            return type
        }
    }

    private func required(_ value: JSONValue?, at path: JSONPath) throws -> [String] {
        guard let value else { return [] }
        guard case .array(let items) = value else { throw SchemaCompileError(path: path, reason: "expected an array of property names, found \(value.typeName)") }
        var seen: Set<String> = []
        return try items.enumerated().map { index, item in
            guard let name = item.stringValue else { throw SchemaCompileError(path: path.appending(index), reason: "expected a property name, found \(item.typeName)") }
            guard seen.insert(name).inserted else { throw SchemaCompileError(path: path.appending(index), reason: "\"\(name)\" is listed twice") }
            return name
        }
    }

    private func count(_ value: JSONValue?, at path: JSONPath) throws -> Int? {
        guard let value else { return nil }
        guard let n = value.intValue, n >= 0 else { throw SchemaCompileError(path: path, reason: "expected a non-negative integer, found \(value.canonicalText)") }
        return n
    }

    private func number(_ value: JSONValue?, at path: JSONPath) throws -> Double? {
        guard let value else { return nil }
        guard let n = value.numberValue else { throw SchemaCompileError(path: path, reason: "expected a number, found \(value.typeName)") }
        return n
    }

    private func pattern(_ value: JSONValue?, at path: JSONPath) throws -> SchemaPattern? {
        guard let value else { return nil }
        guard let source = value.stringValue else { throw SchemaCompileError(path: path, reason: "expected a regular expression string, found \(value.typeName)") }
        do {
            return SchemaPattern(source: source, regex: try NSRegularExpression(pattern: source))
        } catch {
            throw SchemaCompileError(path: path, reason: "invalid regular expression \(value.canonicalText)")
        }
    }

    private mutating func list(_ value: JSONValue?, at path: JSONPath) throws -> [SchemaNode] {
        guard let value else { return [] }
        guard case .array(let items) = value, !items.isEmpty else { throw SchemaCompileError(path: path, reason: "expected a non-empty array of schemas") }
        return try items.enumerated().map { try compile($1, at: path.appending($0)) }
    }

    private func reference(_ value: JSONValue?, at path: JSONPath) throws -> String? {
        guard let value else { return nil }
        let prefix = "#/$defs/"
        guard let text = value.stringValue, text.hasPrefix(prefix), text.count > prefix.count else {
            throw SchemaCompileError(path: path, reason: "only references of the form \"#/$defs/NAME\" are supported, found \(value.canonicalText)")
        }
        let name = String(text.dropFirst(prefix.count))
        guard definitionNames.contains(name) else {
            throw SchemaCompileError(path: path, reason: "\(text) names no schema under $defs (defined: \(definitionNames.sorted().joined(separator: ", ")))")
        }
        return name
    }

    /// A definition that reaches itself through `$ref`/`allOf`/`anyOf`/`oneOf` without first
    /// descending into a property or item would make validation loop forever on any instance.
    func rejectReferenceCycles() throws {
        func sameLevelReferences(_ node: SchemaNode) -> [String] {
            (node.reference.map { [$0] } ?? []) + (node.allOf + node.anyOf + node.oneOf).flatMap(sameLevelReferences)
        }
        var finished: Set<String> = []
        func visit(_ name: String, _ trail: [String]) throws {
            if let start = trail.firstIndex(of: name) {
                let cycle = (trail[start...] + [name]).joined(separator: " -> ")
                throw SchemaCompileError(path: JSONPath.root.appending("$defs").appending(name),
                                         reason: "reference cycle that never descends into the instance: \(cycle)")
            }
            guard !finished.contains(name), let node = definitions[name] else { return }
            for next in sameLevelReferences(node) { try visit(next, trail + [name]) }
            finished.insert(name)
        }
        for name in definitions.keys.sorted() { try visit(name, []) }
    }
}
