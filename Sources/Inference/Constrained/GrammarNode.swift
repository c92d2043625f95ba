/// One node of a compiled JSON Schema grammar. Children are indices into `JSONSchemaGrammar.nodes`;
/// the grammar has no cycles (a `$ref` is expanded, recursion refused), so a recognizer's stack is never
/// deeper than the schema.
enum GrammarNode {
    case object(ObjectRule)
    case array(ArrayRule)
    case string(StringRule)
    case number(NumberRule)
    /// A closed set of exact texts: `enum`, `const`, `boolean`, `null`.
    case literals(LiteralRule)
    /// Alternatives told apart by their first byte (`anyOf`, `oneOf`, a list of types).
    case union(UnionRule)
}

/// The most properties one object may declare: the recognizer keeps emitted and candidate keys as bit masks.
let maximumObjectProperties = 64

struct PropertyRule {
    let name: String
    /// The key as it must be written: the name's canonical JSON string, quotes included.
    let key: [UInt8]
    let node: Int32
}

struct ObjectRule {
    let properties: [PropertyRule]
    /// Bit i set when property i is required.
    let required: UInt64
    /// Bit i set for every declared property.
    var all: UInt64 { properties.count == 64 ? ~0 : (UInt64(1) << UInt64(properties.count)) - 1 }
}

struct ArrayRule {
    let items: Int32
    let minItems: Int
    /// Int32.max when unbounded.
    let maxItems: Int
}

/// Lengths count Unicode scalars, as JSON Schema does; an escape such as `\n` is one.
struct StringRule {
    let minLength: Int
    /// Int32.max when unbounded.
    let maxLength: Int
}

/// Numbers are written without an exponent and with at most `maximumDigits` digits in all, so that every
/// value is exact in a Double and the bounds can be checked on the way, not only at the end.
struct NumberRule {
    static let maximumDigits = 15
    let integer: Bool
    let minimum: Double?
    let maximum: Double?
}

struct LiteralRule {
    /// Sorted by bytes and distinct: the texts sharing a prefix form one contiguous range.
    let texts: [[UInt8]]
}

struct UnionRule {
    /// For each byte, the alternative a value starting with it belongs to, or -1.
    let byFirstByte: [Int32]
}
