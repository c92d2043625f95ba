import Support

/// One way an instance fails its schema: where (instance path), which keyword, what the schema
/// expected and what was found. The text is what a re-ask quotes back to the model.
public struct SchemaViolation: Equatable, Sendable, CustomStringConvertible {
    public var path: JSONPath
    public var keyword: String
    public var expected: String
    public var found: String
    public var description: String { "\(path): expected \(expected), found \(found)" }
}

struct SchemaValidator {
    let definitions: [String: SchemaNode]

    func check(_ value: JSONValue, against node: SchemaNode, at path: JSONPath, into out: inout [SchemaViolation]) {
        func fail(_ keyword: String, _ expected: String, _ found: String? = nil) {
            out.append(SchemaViolation(path: path, keyword: keyword, expected: expected, found: found ?? Self.summary(value)))
        }
        if node.rejectsEverything { return fail("false", "nothing (the schema is false)") }
        if let name = node.reference, let target = definitions[name] {
            check(value, against: target, at: path, into: &out)
        }
        if let types = node.types, !types.contains(where: { $0.admits(value) }) {
            // Other keywords would only add noise about an instance of the wrong type.
            return fail("type", types.map(\.rawValue).joined(separator: " or "))
        }
        if let allowed = node.enumValues, !allowed.contains(value) {
            fail("enum", "one of " + allowed.map(\.canonicalText).joined(separator: ", "))
        }
        if let constant = node.constValue, constant != value { fail("const", constant.canonicalText) }

        switch value {
        case .number(let n):
            if let m = node.minimum, n < m { fail("minimum", "a number >= \(JSONValue.number(m))") }
            if let m = node.maximum, n > m { fail("maximum", "a number <= \(JSONValue.number(m))") }
            if let m = node.exclusiveMinimum, n <= m { fail("exclusiveMinimum", "a number > \(JSONValue.number(m))") }
            if let m = node.exclusiveMaximum, n >= m { fail("exclusiveMaximum", "a number < \(JSONValue.number(m))") }
        case .string(let s):
            let length = s.unicodeScalars.count
            if let m = node.minLength, length < m { fail("minLength", "a string of at least \(m) characters", "\(length) characters") }
            if let m = node.maxLength, length > m { fail("maxLength", "a string of at most \(m) characters", "\(length) characters") }
            if let p = node.pattern, !p.matches(s) { fail("pattern", "a string matching /\(p.source)/") }
        case .array(let items):
            if let m = node.minItems, items.count < m { fail("minItems", "at least \(m) items", "\(items.count)") }
            if let m = node.maxItems, items.count > m { fail("maxItems", "at most \(m) items", "\(items.count)") }
            if let itemSchema = node.items {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, at: path.appending(index), into: &out) }
            }
        case .object(let members):
            for name in node.required where members[name] == nil {
                out.append(SchemaViolation(path: path.appending(name), keyword: "required", expected: "required property \"\(name)\"", found: "nothing"))
            }
            for name in members.keys.sorted() {
                let member = members[name]!
                if let propertySchema = node.properties[name] {
                    check(member, against: propertySchema, at: path.appending(name), into: &out)
                } else if let extra = node.additionalProperties {
                    if extra.rejectsEverything {
                        let allowed = node.properties.keys.sorted().joined(separator: ", ")
                        out.append(SchemaViolation(path: path.appending(name), keyword: "additionalProperties",
                                                   expected: "no property \"\(name)\" (allowed: \(allowed))", found: Self.summary(member)))
                    } else {
                        check(member, against: extra, at: path.appending(name), into: &out)
                    }
                }
            }
        default: break
        }

        for sub in node.allOf { check(value, against: sub, at: path, into: &out) }
        if !node.anyOf.isEmpty {
            let results = node.anyOf.map { violations(of: value, against: $0, at: path) }
            if !results.contains(where: \.isEmpty) {
                fail("anyOf", "a match for one of \(results.count) alternatives (" + Self.firstFailures(results) + ")")
            }
        }
        if !node.oneOf.isEmpty {
            let results = node.oneOf.map { violations(of: value, against: $0, at: path) }
            let matching = results.indices.filter { results[$0].isEmpty }
            if matching.isEmpty {
                fail("oneOf", "a match for exactly one of \(results.count) alternatives (" + Self.firstFailures(results) + ")")
            } else if matching.count > 1 {
                fail("oneOf", "a match for exactly one of \(results.count) alternatives",
                     "matches for alternatives " + matching.map { "#\($0)" }.joined(separator: ", "))
            }
        }
    }

    private func violations(of value: JSONValue, against node: SchemaNode, at path: JSONPath) -> [SchemaViolation] {
        var out: [SchemaViolation] = []
        check(value, against: node, at: path, into: &out)
        return out
    }

    private static func firstFailures(_ results: [[SchemaViolation]]) -> String {
        results.enumerated().map { index, violations in
            "#\(index): " + (violations.first.map { "\($0.path) expected \($0.expected)" } ?? "ok")
        }.joined(separator: "; ")
    }

    /// A short description of a found value: enough to recognise it, never a whole document.
    static func summary(_ value: JSONValue) -> String {
        switch value {
        case .string(let s):
            let shown = s.count > 40 ? String(s.prefix(40)) + "…" : s
            return "string " + JSONValue.string(shown).canonicalText
        case .array(let items): return "array of \(items.count) items"
        case .object(let members):
            let keys = members.keys.sorted()
            let shown = keys.prefix(6).joined(separator: ", ") + (keys.count > 6 ? ", …" : "")
            return members.isEmpty ? "empty object" : "object with keys \(shown)"
        default: return "\(value.typeName) \(value.canonicalText)"
        }
    }
}
