import Foundation
import Support

/// Turns a JSON Schema value into grammar nodes, checking every keyword and naming the JSON path of the first
/// one it cannot enforce.
struct SchemaCompiler {
    private(set) var nodes: [GrammarNode] = []
    private(set) var firstBytes: [ByteSet] = []
    /// The root's `$defs`, the only place a `$ref` may point to.
    private let definitions: [String: JSONValue]
    /// Each definition's node once compiled: a definition used twice is one node (the grammar is then a
    /// DAG, which the recognizer walks like a tree).
    private var compiledDefinitions: [String: Int32] = [:]
    /// The definitions being compiled, outermost first, to refuse recursion.
    private var expanding: [String] = []

    /// Reads the root's `$defs` (an object of schemas), so that `compile` can resolve `#/$defs/NAME`.
    init(root: JSONValue) throws {
        guard let defs = root.objectValue?["$defs"] else {
            definitions = [:]
            return
        }
        guard let named = defs.objectValue else {
            throw JSONSchemaError(path: "$.$defs", reason: "expected an object of schemas, found \(defs.typeName)")
        }
        definitions = named
    }

    /// Keywords that describe but do not constrain.
    static let annotations: Set<String> = [
        "title", "description", "$schema", "$id", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly",
    ]
    /// The keywords each type understands.
    static let keywordsByType: [String: Set<String>] = [
        "object": ["properties", "required", "additionalProperties"],
        "array": ["items", "minItems", "maxItems"],
        "string": ["minLength", "maxLength"],
        "number": ["minimum", "maximum"],
        "integer": ["minimum", "maximum"],
        "boolean": [],
        "null": [],
    ]

    mutating func compile(_ schema: JSONValue, path: String) throws -> Int32 {
        guard let members = schema.objectValue else {
            throw JSONSchemaError(path: path, reason: "expected a schema object, found \(schema.typeName)")
        }
        var keywords = Set(members.keys).subtracting(Self.annotations)
        if keywords.contains("$defs") {
            guard path == "$" else { throw JSONSchemaError(path: path + ".$defs", reason: "$defs is supported only at the root of the schema") }
            keywords.remove("$defs")
        }
        if let reference = members["$ref"] {
            if let other = keywords.subtracting(["$ref"]).sorted().first {
                throw JSONSchemaError(path: path + "." + other, reason: "'\(other)' beside '$ref' is not supported; move it into the definition")
            }
            return try compileReference(reference, path: path + ".$ref")
        }
        if members["enum"] != nil || members["const"] != nil {
            return try compileLiterals(members, keywords: keywords, path: path)
        }
        for combinator in ["anyOf", "oneOf"] where members[combinator] != nil {
            if let other = keywords.subtracting([combinator]).sorted().first {
                throw JSONSchemaError(path: path + "." + other, reason: "'\(other)' beside '\(combinator)' is not supported; move it into the alternatives")
            }
            guard let alternatives = members[combinator]?.arrayValue, !alternatives.isEmpty else {
                throw JSONSchemaError(path: path + "." + combinator, reason: "expected a non-empty array of schemas")
            }
            var compiled: [Int32] = []
            for (i, alternative) in alternatives.enumerated() {
                compiled.append(try compile(alternative, path: "\(path).\(combinator)[\(i)]"))
            }
            return try union(compiled, path: path + "." + combinator)
        }
        guard let typeValue = members["type"] else {
            throw JSONSchemaError(path: path, reason: "a schema needs 'type', 'enum', 'const', 'anyOf' or 'oneOf' (any JSON value is not supported)")
        }
        let types = try typeNames(typeValue, path: path + ".type")
        let understood = types.reduce(into: Set(["type"])) { $0.formUnion(Self.keywordsByType[$1] ?? []) }
        if let unknown = keywords.subtracting(understood).sorted().first {
            let known = Self.keywordsByType.values.contains { $0.contains(unknown) }
            throw JSONSchemaError(path: path + "." + unknown, reason: known
                ? "'\(unknown)' does not apply to type \(types.joined(separator: " or "))"
                : "unsupported keyword '\(unknown)'")
        }
        var compiled: [Int32] = []
        for type in types { compiled.append(try compileType(type, members, path: path)) }
        return compiled.count == 1 ? compiled[0] : try union(compiled, path: path + ".type")
    }

    // MARK: References

    /// A local reference `#/$defs/NAME`, compiled once per name. Recursion is refused: the grammar
    /// has no call stack for definitions, so a schema that contains itself cannot be expressed.
    private mutating func compileReference(_ value: JSONValue, path: String) throws -> Int32 {
        let prefix = "#/$defs/"
        guard let text = value.stringValue, text.hasPrefix(prefix), text.count > prefix.count else {
            throw JSONSchemaError(path: path, reason: "only local references \"#/$defs/NAME\" are supported, found \(value.canonicalText)")
        }
        let escaped = String(text.dropFirst(prefix.count))
        guard !escaped.contains("/") else {
            throw JSONSchemaError(path: path, reason: "\(text) points inside a definition; only whole definitions \"#/$defs/NAME\" are supported")
        }
        // JSON Pointer escapes: "~1" is "/", "~0" is "~" (in that order, RFC 6901).
        let name = escaped.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        if let node = compiledDefinitions[name] { return node }
        guard let definition = definitions[name] else {
            let known = definitions.keys.sorted()
            throw JSONSchemaError(path: path, reason: "\(text) names no schema under the root's $defs (defined: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        }
        if expanding.contains(name) {
            let cycle = (expanding.drop { $0 != name } + [name]).joined(separator: " -> ")
            throw JSONSchemaError(path: path, reason: "recursive reference (\(cycle)): constrained decoding cannot express a schema that contains itself")
        }
        expanding.append(name)
        defer { expanding.removeLast() }
        let node = try compile(definition, path: "$.$defs." + name)
        compiledDefinitions[name] = node
        return node
    }

    // MARK: Types

    private func typeNames(_ value: JSONValue, path: String) throws -> [String] {
        let names: [JSONValue] = value.arrayValue ?? [value]
        var out: [String] = []
        for (i, name) in names.enumerated() {
            let where_ = value.arrayValue == nil ? path : "\(path)[\(i)]"
            guard let s = name.stringValue else { throw JSONSchemaError(path: where_, reason: "expected a type name, found \(name.typeName)") }
            guard Self.keywordsByType[s] != nil else {
                throw JSONSchemaError(path: where_, reason: "unknown type '\(s)' (known: \(Self.keywordsByType.keys.sorted().joined(separator: ", ")))")
            }
            guard !out.contains(s) else { throw JSONSchemaError(path: where_, reason: "type '\(s)' listed twice") }
            out.append(s)
        }
        guard !out.isEmpty else { throw JSONSchemaError(path: path, reason: "expected at least one type") }
        return out
    }

    private mutating func compileType(_ type: String, _ members: [String: JSONValue], path: String) throws -> Int32 {
        switch type {
        case "object": return try compileObject(members, path: path)
        case "array":
            guard let items = members["items"] else { throw JSONSchemaError(path: path, reason: "an array needs 'items'") }
            let itemNode = try compile(items, path: path + ".items")
            let minItems = try count(members, "minItems", path: path) ?? 0
            let maxItems = try count(members, "maxItems", path: path) ?? Int(Int32.max)
            guard minItems <= maxItems else { throw JSONSchemaError(path: path + ".minItems", reason: "minItems \(minItems) exceeds maxItems \(maxItems)") }
            return add(.array(ArrayRule(items: itemNode, minItems: minItems, maxItems: maxItems)), first: [UInt8(ascii: "[")])
        case "string":
            let minLength = try count(members, "minLength", path: path) ?? 0
            let maxLength = try count(members, "maxLength", path: path) ?? Int(Int32.max)
            guard minLength <= maxLength else { throw JSONSchemaError(path: path + ".minLength", reason: "minLength \(minLength) exceeds maxLength \(maxLength)") }
            return add(.string(StringRule(minLength: minLength, maxLength: maxLength)), first: [UInt8(ascii: "\"")])
        case "number", "integer":
            return try compileNumber(integer: type == "integer", members, path: path)
        case "boolean": return addLiterals([Array("false".utf8), Array("true".utf8)])
        default: return addLiterals([Array("null".utf8)])
        }
    }

    private mutating func compileObject(_ members: [String: JSONValue], path: String) throws -> Int32 {
        if let extra = members["additionalProperties"], extra != .bool(false) {
            throw JSONSchemaError(path: path + ".additionalProperties", reason: "only false is supported (no properties beyond 'properties')")
        }
        let declared = members["properties"] ?? .object([:])
        guard let properties = declared.objectValue else {
            throw JSONSchemaError(path: path + ".properties", reason: "expected an object, found \(declared.typeName)")
        }
        guard properties.count <= maximumObjectProperties else {
            throw JSONSchemaError(path: path + ".properties", reason: "at most \(maximumObjectProperties) properties are supported, found \(properties.count)")
        }
        // Sorted so the same schema always compiles to the same grammar (JSONValue objects keep no order).
        var rules: [PropertyRule] = []
        for name in properties.keys.sorted() {
            let node = try compile(properties[name] ?? .null, path: path + ".properties." + name)
            rules.append(PropertyRule(name: name, key: Array(JSONValue.string(name).canonicalText.utf8), node: node))
        }
        var required: UInt64 = 0
        if let list = members["required"] {
            guard let names = list.arrayValue else { throw JSONSchemaError(path: path + ".required", reason: "expected an array of names") }
            for (i, name) in names.enumerated() {
                guard let s = name.stringValue, let index = rules.firstIndex(where: { $0.name == s }) else {
                    throw JSONSchemaError(path: "\(path).required[\(i)]", reason: "\(name) is not a declared property, and no other properties are allowed")
                }
                required |= UInt64(1) << UInt64(index)
            }
        }
        return add(.object(ObjectRule(properties: rules, required: required)), first: [UInt8(ascii: "{")])
    }

    private mutating func compileNumber(integer: Bool, _ members: [String: JSONValue], path: String) throws -> Int32 {
        // Bounds beyond 15 digits could not be reached by the numbers this grammar writes.
        let limit = 1e15 - 1
        func bound(_ key: String) throws -> Double? {
            guard let value = members[key] else { return nil }
            guard let n = value.numberValue, n.isFinite else { throw JSONSchemaError(path: path + "." + key, reason: "expected a number, found \(value.typeName)") }
            guard abs(n) <= limit else { throw JSONSchemaError(path: path + "." + key, reason: "\(n) is beyond the 15 digits numbers are written with") }
            return n
        }
        let minimum = try bound("minimum"), maximum = try bound("maximum")
        if let lo = minimum, let hi = maximum {
            if integer ? lo.rounded(.up) > hi.rounded(.down) : lo > hi {
                throw JSONSchemaError(path: path, reason: "no \(integer ? "integer" : "number") lies between minimum \(lo) and maximum \(hi)")
            }
        }
        let rule = NumberRule(integer: integer, minimum: minimum, maximum: maximum)
        return add(.number(rule), first: ByteSet(Array("-0123456789".utf8).filter { rule.canStart(with: $0) }))
    }

    // MARK: Literals and unions

    private mutating func compileLiterals(_ members: [String: JSONValue], keywords: Set<String>, path: String) throws -> Int32 {
        let key = members["enum"] != nil ? "enum" : "const"
        if let other = keywords.subtracting([key, "type"]).sorted().first {
            throw JSONSchemaError(path: path + "." + other, reason: "'\(other)' beside '\(key)' is not supported")
        }
        let values: [JSONValue]
        if key == "enum" {
            guard let list = members["enum"]?.arrayValue, !list.isEmpty else {
                throw JSONSchemaError(path: path + ".enum", reason: "expected a non-empty array")
            }
            values = list
        } else {
            values = [members["const"] ?? .null]
        }
        let types = try members["type"].map { try typeNames($0, path: path + ".type") }
        var texts: [[UInt8]] = []
        for (i, value) in values.enumerated() {
            let where_ = key == "enum" ? "\(path).enum[\(i)]" : path + ".const"
            switch value {
            case .array, .object: throw JSONSchemaError(path: where_, reason: "only scalar values are supported, found \(value.typeName)")
            case .number(let n) where !n.isFinite || abs(n) > 1e15 - 1:
                throw JSONSchemaError(path: where_, reason: "\(n) cannot be written with at most 15 digits")
            default: break
            }
            if let types, !types.contains(where: { Self.matches(value, type: $0) }) {
                throw JSONSchemaError(path: where_, reason: "\(value.canonicalText) is not of type \(types.joined(separator: " or "))")
            }
            texts.append(Array(value.canonicalText.utf8))
        }
        return addLiterals(texts)
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch type {
        case "integer": return value.intValue != nil
        default: return value.typeName == type
        }
    }

    private mutating func union(_ alternatives: [Int32], path: String) throws -> Int32 {
        var table = [Int32](repeating: -1, count: 256)
        var first = ByteSet()
        for (i, node) in alternatives.enumerated() {
            let bytes = firstBytes[Int(node)]
            guard bytes.isDisjoint(with: first) else {
                throw JSONSchemaError(path: "\(path)[\(i)]", reason: "alternatives must start differently (one string, one number, one object, ...); this one overlaps an earlier one")
            }
            first.formUnion(bytes)
            for b in bytes.members {
                if case .union(let inner) = nodes[Int(node)] { table[Int(b)] = inner.byFirstByte[Int(b)] } else { table[Int(b)] = node }
            }
        }
        return add(.union(UnionRule(byFirstByte: table)), first: first)
    }

    // MARK: Helpers

    private func count(_ members: [String: JSONValue], _ key: String, path: String) throws -> Int? {
        guard let value = members[key] else { return nil }
        guard let n = value.intValue, n >= 0, n < Int(Int32.max) else {
            throw JSONSchemaError(path: path + "." + key, reason: "expected a non-negative integer, found \(value.canonicalText)")
        }
        return n
    }

    private mutating func addLiterals(_ texts: [[UInt8]]) -> Int32 {
        let sorted = Array(Set(texts)).sorted { $0.lexicographicallyPrecedes($1) }
        return add(.literals(LiteralRule(texts: sorted)), first: ByteSet(sorted.compactMap(\.first)))
    }

    private mutating func add(_ node: GrammarNode, first: ByteSet) -> Int32 {
        nodes.append(node)
        firstBytes.append(first)
        return Int32(nodes.count - 1)
    }

    private mutating func add(_ node: GrammarNode, first: [UInt8]) -> Int32 { add(node, first: ByteSet(first)) }
}
