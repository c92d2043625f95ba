import Foundation
import Support

/// The JSON types a schema's `type` keyword can name. `integer` is a number with no fraction.
public enum SchemaType: String, Sendable, CaseIterable {
    case null, boolean, object, array, number, integer, string

    func admits(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.number, .number),
             (.string, .string): return true
        case (.integer, .number(let n)): return n.rounded() == n
        default: return false
        }
    }
}

/// One compiled schema (or subschema). Immutable after compilation; a `nil` or empty field means the
/// keyword was absent. Public so a later grammar builder (constrained decoding) can walk the same
/// tree the validator checks against. Every stored property is a `let` of a Sendable type.
public final class SchemaNode: Sendable {
    /// `false` as a schema: nothing is valid. (`true` is a node with every field empty.)
    public let rejectsEverything: Bool
    public let types: [SchemaType]?
    public let properties: [String: SchemaNode]
    public let required: [String]
    /// Schema for members not named in `properties`; `nil` allows anything.
    public let additionalProperties: SchemaNode?
    public let items: SchemaNode?
    public let minItems: Int?
    public let maxItems: Int?
    public let enumValues: [JSONValue]?
    public let constValue: JSONValue?
    public let minimum: Double?
    public let maximum: Double?
    public let exclusiveMinimum: Double?
    public let exclusiveMaximum: Double?
    public let minLength: Int?
    public let maxLength: Int?
    public let pattern: SchemaPattern?
    public let anyOf: [SchemaNode]
    public let oneOf: [SchemaNode]
    public let allOf: [SchemaNode]
    /// The name under `#/$defs/` this node refers to.
    public let reference: String?

    init(rejectsEverything: Bool = false, types: [SchemaType]? = nil, properties: [String: SchemaNode] = [:],
         required: [String] = [], additionalProperties: SchemaNode? = nil, items: SchemaNode? = nil,
         minItems: Int? = nil, maxItems: Int? = nil, enumValues: [JSONValue]? = nil, constValue: JSONValue? = nil,
         minimum: Double? = nil, maximum: Double? = nil, exclusiveMinimum: Double? = nil,
         exclusiveMaximum: Double? = nil, minLength: Int? = nil, maxLength: Int? = nil,
         pattern: SchemaPattern? = nil, anyOf: [SchemaNode] = [], oneOf: [SchemaNode] = [],
         allOf: [SchemaNode] = [], reference: String? = nil) {
        self.rejectsEverything = rejectsEverything
        self.types = types
        self.properties = properties
        self.required = required
        self.additionalProperties = additionalProperties
        self.items = items
        self.minItems = minItems
        self.maxItems = maxItems
        self.enumValues = enumValues
        self.constValue = constValue
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.anyOf = anyOf
        self.oneOf = oneOf
        self.allOf = allOf
        self.reference = reference
    }
}

/// A `pattern` keyword: the source text (for messages) and the regular expression compiled once.
/// JSON Schema patterns are unanchored searches (ECMA-262); NSRegularExpression's syntax covers the
/// common subset. Unchecked Sendable: NSRegularExpression is immutable and documented thread-safe.
public struct SchemaPattern: @unchecked Sendable {
    public let source: String
    let regex: NSRegularExpression

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
