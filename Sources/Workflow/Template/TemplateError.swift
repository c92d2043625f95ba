import Support

/// A template that cannot be parsed or rendered: the file, the line and column, and why.
public struct TemplateError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case syntax
        /// A variable or key the context does not have; `default(...)` turns only this kind into a value.
        case undefined
        case type
    }

    public var file: String
    public var location: TextLocation
    public var kind: Kind
    public var reason: String

    public var description: String { "\(file):\(location): \(reason)" }
}
