/// Why a JSON Schema cannot be compiled into a grammar, and where: a JSON path into the schema such as
/// `$.properties.score.minimum`.
public struct JSONSchemaError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "JSON Schema at \(path): \(reason)" }
}
