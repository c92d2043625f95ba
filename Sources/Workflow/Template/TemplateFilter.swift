import Support

/// A filter after `|`: a pure function of the value and its arguments, checked for arity at parse time.
struct TemplateFilter: Sendable {
    let name: String
    let arity: ClosedRange<Int>
    /// Only `default` sees an undefined value (nil); every other filter gets a defined one.
    let acceptsUndefined: Bool
    let apply: @Sendable (JSONValue?, [JSONValue]) throws -> JSONValue

    var arityText: String {
        arity.lowerBound == arity.upperBound
            ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
            : "\(arity.lowerBound) to \(arity.upperBound) arguments"
    }

    /// A filter's complaint; the renderer adds the file, line and column.
    struct Failure: Error { let reason: String }

    static let table: [String: TemplateFilter] = Dictionary(uniqueKeysWithValues: [
        TemplateFilter(name: "json", arity: 0...0, acceptsUndefined: false) { value, _ in
            .string(value?.canonicalText ?? "null")
        },
        TemplateFilter(name: "pretty", arity: 0...0, acceptsUndefined: false) { value, _ in
            .string(value?.prettyText ?? "null")
        },
        TemplateFilter(name: "join", arity: 0...1, acceptsUndefined: false) { value, args in
            guard case .array(let items)? = value else { throw Failure(reason: "join needs a list, found \(value?.typeName ?? "nothing")") }
            let separator = try args.first.map { arg -> String in
                guard let s = arg.stringValue else { throw Failure(reason: "join's separator must be a string, found \(arg.typeName)") }
                return s
            } ?? ""
            let parts = try items.enumerated().map { index, item -> String in
                guard let text = TemplateRenderer.scalarText(item) else {
                    throw Failure(reason: "join needs a list of strings, numbers or booleans; item \(index) is \(item.typeName)")
                }
                return text
            }
            return .string(parts.joined(separator: separator))
        },
        TemplateFilter(name: "upper", arity: 0...0, acceptsUndefined: false) { value, _ in
            guard let s = value?.stringValue else { throw Failure(reason: "upper needs a string, found \(value?.typeName ?? "nothing")") }
            return .string(s.uppercased())
        },
        TemplateFilter(name: "lower", arity: 0...0, acceptsUndefined: false) { value, _ in
            guard let s = value?.stringValue else { throw Failure(reason: "lower needs a string, found \(value?.typeName ?? "nothing")") }
            return .string(s.lowercased())
        },
        TemplateFilter(name: "length", arity: 0...0, acceptsUndefined: false) { value, _ in
            switch value {
            case .string(let s)?: return .number(Double(s.unicodeScalars.count))
            case .array(let a)?: return .number(Double(a.count))
            case .object(let o)?: return .number(Double(o.count))
            default: throw Failure(reason: "length needs a string, list or object, found \(value?.typeName ?? "nothing")")
            }
        },
        TemplateFilter(name: "default", arity: 1...1, acceptsUndefined: true) { value, args in
            // Undefined and null both take the fallback: a model's optional field is often null.
            guard let value, !value.isNull else { return args[0] }
            return value
        },
    ].map { ($0.name, $0) })
}
