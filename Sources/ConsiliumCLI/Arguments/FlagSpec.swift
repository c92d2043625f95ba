/// Declares a flag: an option without a value, true when present (`--json`, `-q`).
public struct FlagSpec: Equatable, Sendable {
    /// The name without dashes, e.g. "json".
    public var long: String
    /// A one-letter alias used as `-j`, if any.
    public var short: Character?
    /// One or two sentences for the help text.
    public var help: String

    public init(_ long: String, short: Character? = nil, help: String) {
        self.long = long
        self.short = short
        self.help = help
    }
}
