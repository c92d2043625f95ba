/// The `| name` filters real chat templates use, with Jinja2's semantics, except `tojson`,
/// which is HF's override (`json.dumps` with `ensure_ascii=False`, no HTML escaping, keys in
/// insertion order).
enum TemplateFilters {
    static let known: Set<String> = [
        "trim", "length", "count", "upper", "lower", "capitalize", "title", "tojson", "string", "default", "d",
        "join", "list", "first", "last", "reverse", "items", "selectattr", "rejectattr", "select", "reject", "map",
        "replace", "int", "float", "abs", "safe", "unique",
    ]

    static func apply(_ name: String, to value: JinjaValue, _ arguments: CallArguments, renderer: inout TemplateRenderer) throws -> JinjaValue {
        let position = arguments.position
        switch name {
        case "trim":
            return .string(PythonFormat.strip(value.text, chars: try arguments.string(0, "chars", in: "trim")))
        case "length", "count":
            return .int(try length(of: value, at: position))
        case "upper": return .string(value.text.uppercased())
        case "lower": return .string(value.text.lowercased())
        case "capitalize": return .string(capitalized(value.text))
        case "title": return .string(titled(value.text))
        case "string": return .string(value.text)
        case "safe": return value
        case "tojson": return try toJSON(value, arguments)
        case "default", "d":
            let useFalsy = arguments.value(1, "boolean")?.isTruthy ?? false
            let replace = value.isUndefined || (useFalsy && !value.isTruthy)
            return replace ? arguments.value(0, "default_value") ?? .string("") : value
        case "join":
            var items = try renderer.iterate(value, at: position)
            if let attribute = try arguments.string(1, "attribute", in: "join") {
                items = try items.map { try renderer.attribute(attribute, of: $0, at: position) }
            }
            return .string(items.map(\.text).joined(separator: try arguments.string(0, "d", in: "join") ?? ""))
        case "list": return .array(try renderer.iterate(value, at: position))
        case "first": return try renderer.iterate(value, at: position).first ?? .undefined("the sequence is empty")
        case "last": return try renderer.iterate(value, at: position).last ?? .undefined("the sequence is empty")
        case "reverse":
            if case .string(let text) = value { return .string(String(String.UnicodeScalarView(text.unicodeScalars.reversed()))) }
            return .array(try renderer.iterate(value, at: position).reversed())
        case "unique":
            var seen: [JinjaValue] = []
            for item in try renderer.iterate(value, at: position) where !seen.contains(where: { $0.isEqual(to: item) }) {
                seen.append(item)
            }
            return .array(seen)
        case "items":
            switch value {
            case .undefined: return .array([])
            case .dict(let map): return .array(map.pairs.map { .array([.string($0.key), $0.value]) })
            default: throw ChatTemplateError(.typeMismatch, at: position, "items: expected a dict, found \(value.typeName)")
            }
        case "selectattr", "rejectattr", "select", "reject":
            return try select(name, value, arguments, renderer: &renderer)
        case "map":
            return try map(value, arguments, renderer: &renderer)
        case "replace":
            guard let old = try arguments.string(0, "old", in: "replace"), let new = try arguments.string(1, "new", in: "replace") else {
                throw ChatTemplateError(.typeMismatch, at: position, "replace: needs the text to find and its replacement")
            }
            return .string(TemplateMethods.replace(value.text, old, new, count: try arguments.int(2, "count", in: "replace")))
        case "int":
            return integer(value) ?? arguments.value(0, "default") ?? .int(0)
        case "float":
            if let number = value.number { return .double(number) }
            if case .string(let text) = value, let number = Double(PythonFormat.strip(text, chars: nil)) { return .double(number) }
            return arguments.value(0, "default") ?? .double(0)
        case "abs":
            if case .double(let number) = value { return .double(Swift.abs(number)) }
            if let number = value.integer, number != Int.min { return .int(Swift.abs(number)) }
            throw ChatTemplateError(.typeMismatch, at: position, "abs: bad operand type '\(value.typeName)'")
        default:
            throw ChatTemplateError(.unknownFilter, at: position, "unknown filter '\(name)'")
        }
    }

    // MARK: Helpers

    static func length(of value: JinjaValue, at position: SourcePosition) throws -> Int {
        switch value {
        case .undefined: return 0
        case .string(let text): return text.unicodeScalars.count
        case .array(let items): return items.count
        case .dict(let map): return map.count
        default: throw ChatTemplateError(.typeMismatch, at: position, "object of type '\(value.typeName)' has no len()")
        }
    }

    static func capitalized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return String(first).uppercased() + String(String.UnicodeScalarView(text.unicodeScalars.dropFirst())).lowercased()
    }

    /// Jinja's `title`: words start after whitespace or one of `-([{<`.
    static func titled(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for scalar in text.unicodeScalars {
            result += atWordStart ? String(scalar).uppercased() : String(scalar).lowercased()
            atWordStart = isJinjaSpace(scalar) || "-([{<".unicodeScalars.contains(scalar)
        }
        return result
    }

    private static func integer(_ value: JinjaValue) -> JinjaValue? {
        if let number = value.integer { return .int(number) }
        if case .double(let number) = value, number.isFinite, Swift.abs(number) < 9.2e18 { return .int(Int(number)) }
        if case .string(let text) = value {
            let trimmed = PythonFormat.strip(text, chars: nil)
            if let number = Int(trimmed) { return .int(number) }
            if let number = Double(trimmed), number.isFinite, Swift.abs(number) < 9.2e18 { return .int(Int(number)) }
        }
        return nil
    }

    private static func toJSON(_ value: JinjaValue, _ arguments: CallArguments) throws -> JinjaValue {
        var indent: String?
        switch arguments.value(0, "indent") {
        case .int(let width): indent = String(repeating: " ", count: max(0, width))
        case .string(let text): indent = text
        default: indent = nil
        }
        var separators: (String, String)?
        if case .array(let pair) = arguments.value(2, "separators"), pair.count == 2,
            case .string(let item) = pair[0], case .string(let key) = pair[1]
        {
            separators = (item, key)
        }
        let style = PythonFormat.JSONStyle(
            indent: indent, separators: separators,
            sortKeys: arguments.value(3, "sort_keys")?.isTruthy ?? false,
            ensureASCII: arguments.value(1, "ensure_ascii")?.isTruthy ?? false)
        switch PythonFormat.json(value, style: style) {
        case .success(let text): return .string(text)
        case .failure(let failure):
            if case .undefined(let why) = value { throw ChatTemplateError(.undefinedValue, at: arguments.position, why) }
            throw ChatTemplateError(.typeMismatch, at: arguments.position, "tojson: object of type \(failure.typeName) is not JSON serializable")
        }
    }

    /// `select`/`reject` test items; `selectattr`/`rejectattr` test one attribute of each item.
    /// Without a test name, items are judged by truthiness.
    private static func select(_ name: String, _ value: JinjaValue, _ arguments: CallArguments, renderer: inout TemplateRenderer) throws -> JinjaValue {
        let byAttribute = name.hasSuffix("attr")
        let keep = name.hasPrefix("select")
        var rest = arguments.positional
        var attribute: String?
        if byAttribute {
            guard case .string(let text)? = rest.first else {
                throw ChatTemplateError(.typeMismatch, at: arguments.position, "\(name): needs an attribute name")
            }
            attribute = text
            rest.removeFirst()
        }
        var testName: String?
        if let first = rest.first {
            guard case .string(let text) = first, TemplatePredicates.known.contains(text) else {
                throw ChatTemplateError(.unknownTest, at: arguments.position, "\(name): unknown test \(first.repr)")
            }
            testName = text
            rest.removeFirst()
        }
        let testArguments = CallArguments(positional: rest, keyword: [], position: arguments.position)
        var kept: [JinjaValue] = []
        for item in try renderer.iterate(value, at: arguments.position) {
            let subject = try attribute.map { try renderer.attribute($0, of: item, at: arguments.position) } ?? item
            let passed = try testName.map { try TemplatePredicates.test($0, subject, testArguments) } ?? subject.isTruthy
            if passed == keep { kept.append(item) }
        }
        return .array(kept)
    }

    /// `map(attribute='name', default=...)` or `map('filter', args...)`.
    private static func map(_ value: JinjaValue, _ arguments: CallArguments, renderer: inout TemplateRenderer) throws -> JinjaValue {
        let items = try renderer.iterate(value, at: arguments.position)
        if let attribute = try arguments.string(-1, "attribute", in: "map") {
            let fallback = arguments.keyword.first { $0.name == "default" }?.value
            return .array(try items.map { item in
                let found = try renderer.attribute(attribute, of: item, at: arguments.position)
                return found.isUndefined ? fallback ?? found : found
            })
        }
        guard case .string(let filter)? = arguments.positional.first, known.contains(filter) else {
            throw ChatTemplateError(.unknownFilter, at: arguments.position, "map: needs attribute= or the name of a known filter")
        }
        let rest = CallArguments(positional: Array(arguments.positional.dropFirst()), keyword: arguments.keyword, position: arguments.position)
        return .array(try items.map { try apply(filter, to: $0, rest, renderer: &renderer) })
    }
}
