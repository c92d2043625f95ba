/// Declares an option that takes a value: `--model <path>`, `--model=<path>` or `-m <path>`.
///
/// Values are kept as the text the user typed; `ParsedArguments` converts them to a type when a
/// command asks, so a default is declared as text too and goes through the same conversion.
public struct OptionSpec: Equatable, Sendable {
    /// How often the option may appear and what happens when it does not.
    public enum Occurrence: Equatable, Sendable {
        /// At most once; absent means no value.
        case optional
        /// Exactly once; parsing fails without it.
        case required
        /// At most once; absent means this value, written as the user would write it.
        case defaulted(String)
        /// Any number of times; the values are collected in order.
        case repeatable
    }

    /// The name without dashes, e.g. "max-tokens".
    public var long: String
    /// A one-letter alias used as `-m`, if any.
    public var short: Character?
    /// What the value is, shown in usage as `<valueName>`, e.g. "path" or "n".
    public var valueName: String
    /// One or two sentences for the help text.
    public var help: String
    public var occurrence: Occurrence

    public init(_ long: String, short: Character? = nil, valueName: String, help: String,
                _ occurrence: Occurrence = .optional) {
        self.long = long
        self.short = short
        self.valueName = valueName
        self.help = help
        self.occurrence = occurrence
    }

    /// The default value's text, if the option has one.
    public var defaultValue: String? {
        if case .defaulted(let text) = occurrence { return text }
        return nil
    }

    public var isRepeatable: Bool { occurrence == .repeatable }
    public var isRequired: Bool { occurrence == .required }

    /// `--max-tokens <n>`, as usage lines and error messages show it.
    public var usageText: String { "--\(long) <\(valueName)>" }
}
