/// Data handed to a chat template: the JSON-like values HF passes as template variables
/// (`messages`, `tools`, flags and strings).
///
/// Objects keep their insertion order, since templates iterate them and `tojson` prints them in
/// that order, as Python's dicts do.
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TemplateValue])
    case object(TemplateObject)
}

/// An insertion-ordered string-keyed map of template values.
public struct TemplateObject: Sendable, Equatable {
    var map: OrderedStringMap<TemplateValue>

    public init(_ pairs: [(String, TemplateValue)] = []) {
        map = OrderedStringMap(pairs)
    }

    public subscript(key: String) -> TemplateValue? {
        get { map[key] }
        set { map[key] = newValue }
    }

    /// Keys in insertion order.
    public var keys: [String] { map.keys }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    /// Keeps the literal's order.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) { self = .object(TemplateObject(elements)) }
}
