/// A place in a chat template's source: 1-based line and column (columns count Unicode scalars,
/// as Python counts string positions).
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// Why a chat template could not be parsed or rendered, and where.
///
/// Parse errors (`syntax`, `unknownFilter`, `unknownTest`, `unsupported`) come from
/// `ChatTemplate.init`; the others from `render`. `position` points at the tag or expression
/// that failed.
public struct ChatTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The source does not follow the Jinja grammar (unterminated tag, unexpected token, ...).
        case syntax
        /// A `| name` filter this interpreter does not know (Jinja also rejects these at parse time).
        case unknownFilter
        /// An `is name` test this interpreter does not know.
        case unknownTest
        /// Valid Jinja that this subset does not implement (macros, includes, ...).
        case unsupported
        /// The template itself called `raise_exception(message)`; `reason` is its message.
        case raisedByTemplate
        /// An operation on an undefined variable other than printing, testing or iterating it.
        case undefinedValue
        /// An operation on values of the wrong type (`'a' + 1`, calling a non-method, ...).
        case typeMismatch
    }

    public var kind: Kind
    public var position: SourcePosition
    /// What went wrong, in one sentence; for `raisedByTemplate` the template's own message.
    public var reason: String

    public init(_ kind: Kind, at position: SourcePosition, _ reason: String) {
        self.kind = kind
        self.position = position
        self.reason = reason
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    public var description: String { "chat template \(position): \(reason)" }
}
