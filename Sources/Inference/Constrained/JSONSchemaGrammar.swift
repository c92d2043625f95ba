import Support

/// A JSON Schema compiled into a byte-level grammar: what `JSONRecognizer` walks to tell whether bytes can
/// still become a document valid for the schema.
///
/// The subset flows use: `type` (one or a list, for nullable values), `properties`, `required`,
/// `additionalProperties` (absent or false: no other properties are ever produced), `items`, `minItems`,
/// `maxItems`, `minLength`, `maxLength`, `minimum`, `maximum`, `enum` and `const` of scalars, and `anyOf` /
/// `oneOf` whose alternatives start with different bytes (a string, a number, an object, ... but not two
/// strings), and `$ref` to `#/$defs/NAME` with `$defs` at the root (not recursive). Annotations (`title`,
/// `description`, ...) are ignored; any other keyword is an error naming its JSON path, so a schema is never
/// silently enforced less strictly than it reads.
///
/// The documents produced are a subset of JSON, chosen so a model cannot wander: properties in any order,
/// each at most once; keys written as their canonical JSON strings; numbers without exponent and with at
/// most 15 digits; at most `maxWhitespace` bytes of whitespace (space or newline) after `{`, `[`, `:` and
/// `,`, before `,`, `}` and `]`, and before the document.
public final class JSONSchemaGrammar: @unchecked Sendable {
    let nodes: [GrammarNode]
    /// The bytes a value of each node can start with.
    let firstBytes: [ByteSet]
    let root: Int32
    /// The length of each node's shortest value.
    let minimumLength: [Int]
    public let maxWhitespace: Int

    /// - Parameter maxWhitespace: whitespace bytes allowed in one place (0 gives compact JSON).
    public init(schema: JSONValue, maxWhitespace: Int = 1) throws {
        guard (0...255).contains(maxWhitespace) else {
            throw JSONSchemaError(path: "$", reason: "whitespace limit must be in 0...255, found \(maxWhitespace)")
        }
        var compiler = try SchemaCompiler(root: schema)
        root = try compiler.compile(schema, path: "$")
        nodes = compiler.nodes
        firstBytes = compiler.firstBytes
        minimumLength = Self.minimumLengths(nodes)
        self.maxWhitespace = maxWhitespace
    }

    /// The length of the shortest document.
    public var shortestDocument: Int { minimumLength[Int(root)] }

    /// The concrete node a value starting with `byte` is read by when `node` is expected, or nil.
    @inline(__always)
    func resolve(_ node: Int32, startingWith byte: UInt8) -> Int32? {
        guard firstBytes[Int(node)].contains(byte) else { return nil }
        if case .union(let rule) = nodes[Int(node)] { return rule.byFirstByte[Int(byte)] }
        return node
    }
}
