/// Declares a positional argument: a word that is not an option, matched by its place.
public struct PositionalSpec: Equatable, Sendable {
    public enum Arity: Equatable, Sendable {
        /// Exactly one word; parsing fails without it.
        case required
        /// Zero or one word.
        case optional
        /// Zero or more words; only the last positional may be variadic.
        case variadic
    }

    /// Shown in usage as `<name>`, e.g. "prompt".
    public var name: String
    /// One or two sentences for the help text.
    public var help: String
    public var arity: Arity

    public init(_ name: String, help: String, _ arity: Arity = .required) {
        self.name = name
        self.help = help
        self.arity = arity
    }

    /// `<prompt>`, `[<prompt>]` or `[<file> ...]`, as usage lines show it.
    public var usageText: String {
        switch arity {
        case .required: return "<\(name)>"
        case .optional: return "[<\(name)>]"
        case .variadic: return "[<\(name)> ...]"
        }
    }
}
