import Support

/// A small JSON Schema validator for the keywords `JSONSchemaGrammar` supports, written independently of the
/// grammar (it walks parsed values, not bytes) so the tests can check the grammar's output against it.
/// Returns the JSON path and reason of the first violation, or nil.
enum ConstrainedSchemaValidator {
    static func violation(_ value: JSONValue, _ schema: JSONValue, path: String = "$") -> String? {
        guard let s = schema.objectValue else { return "\(path): schema is not an object" }
        if let options = s["enum"]?.arrayValue ?? s["const"].map({ [$0] }) {
            return options.contains(value) ? nil : "\(path): \(value) not in \(options)"
        }
        if let alternatives = s["anyOf"]?.arrayValue ?? s["oneOf"]?.arrayValue {
            let passing = alternatives.filter { violation(value, $0, path: path) == nil }.count
            return passing >= 1 ? nil : "\(path): no alternative matches \(value)"
        }
        let types = s["type"].map { $0.arrayValue ?? [$0] }?.compactMap(\.stringValue) ?? []
        guard let type = types.first(where: { matches(value, $0) }) else {
            return "\(path): \(value.typeName) is not \(types)"
        }
        switch type {
        case "object":
            let members = value.objectValue ?? [:]
            let properties = s["properties"]?.objectValue ?? [:]
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                return "\(path): missing required \(name)"
            }
            for (name, member) in members {
                guard let sub = properties[name] else { return "\(path): unexpected property \(name)" }
                if let v = violation(member, sub, path: path + "." + name) { return v }
            }
        case "array":
            let items = value.arrayValue ?? []
            if let n = s["minItems"]?.intValue, items.count < n { return "\(path): \(items.count) items < \(n)" }
            if let n = s["maxItems"]?.intValue, items.count > n { return "\(path): \(items.count) items > \(n)" }
            for (i, item) in items.enumerated() {
                if let sub = s["items"], let v = violation(item, sub, path: "\(path)[\(i)]") { return v }
            }
        case "string":
            let length = value.stringValue?.unicodeScalars.count ?? 0
            if let n = s["minLength"]?.intValue, length < n { return "\(path): length \(length) < \(n)" }
            if let n = s["maxLength"]?.intValue, length > n { return "\(path): length \(length) > \(n)" }
        case "number", "integer":
            let n = value.numberValue ?? .nan
            if let m = s["minimum"]?.numberValue, !(n >= m) { return "\(path): \(n) < \(m)" }
            if let m = s["maximum"]?.numberValue, !(n <= m) { return "\(path): \(n) > \(m)" }
        default: break
        }
        return nil
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("integer", .number(let n)): return n.rounded() == n
        default: return value.typeName == type
        }
    }
}
