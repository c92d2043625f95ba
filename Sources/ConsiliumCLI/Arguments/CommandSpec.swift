/// Declares one command: its name, what it does, what it accepts and the subcommands below it.
///
/// A value rather than a type, so parsing, help and routing all read the same declaration.
/// `declarationProblems()` checks a spec tree for mistakes the parser could not resolve
/// (duplicate names, a required positional after an optional one); `CommandRouter` refuses a
/// tree that has any.
public struct CommandSpec: Equatable, Sendable {
    /// The word that selects the command, e.g. "fetch" in `consilium models fetch`.
    public var name: String
    /// One line saying what the command does.
    public var abstract: String
    /// Longer help text; paragraphs separated by blank lines.
    public var discussion: String
    public var options: [OptionSpec]
    public var flags: [FlagSpec]
    public var positionals: [PositionalSpec]
    public var subcommands: [CommandSpec]

    public init(name: String, abstract: String, discussion: String = "",
                options: [OptionSpec] = [], flags: [FlagSpec] = [],
                positionals: [PositionalSpec] = [], subcommands: [CommandSpec] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.flags = flags
        self.positionals = positionals
        self.subcommands = subcommands
    }

    // MARK: Lookup

    public func option(named long: String) -> OptionSpec? {
        options.first { $0.long == long }
    }

    public func option(short: Character) -> OptionSpec? {
        options.first { $0.short == short }
    }

    public func flag(named long: String) -> FlagSpec? {
        flags.first { $0.long == long }
    }

    public func flag(short: Character) -> FlagSpec? {
        flags.first { $0.short == short }
    }

    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }

    /// The spec reached by following `path` (subcommand names below this one), if it exists.
    public func descendant(at path: [String]) -> CommandSpec? {
        var spec = self
        for name in path {
            guard let next = spec.subcommand(named: name) else { return nil }
            spec = next
        }
        return spec
    }

    // MARK: Declaration checks

    /// Every mistake in this spec and its subcommands, each naming the command and the
    /// declaration; empty when the tree is sound.
    public func declarationProblems() -> [String] {
        declarationProblems(path: name)
    }

    private func declarationProblems(path: String) -> [String] {
        var problems: [String] = []
        let longNames = options.map(\.long) + flags.map(\.long)
        let shortNames = options.compactMap(\.short) + flags.compactMap(\.short)

        for long in longNames {
            if !Self.isValidLongName(long) {
                problems.append("\(path): long name '\(long)' must start with a letter and use only letters, digits and '-'")
            }
            if long == "help" { problems.append("\(path): '--help' is reserved for help") }
        }
        for long in Self.duplicates(longNames) { problems.append("\(path): '--\(long)' is declared more than once") }

        for short in shortNames {
            // Digits are refused so that `-1` always reads as a negative number.
            if !short.isLetter { problems.append("\(path): short name '-\(short)' must be a letter") }
            if short == "h" { problems.append("\(path): '-h' is reserved for help") }
        }
        for short in Self.duplicates(shortNames) { problems.append("\(path): '-\(short)' is declared more than once") }

        problems += positionalProblems(path: path)

        for name in Self.duplicates(subcommands.map(\.name)) {
            problems.append("\(path): subcommand '\(name)' is declared more than once")
        }
        for subcommand in subcommands {
            problems += subcommand.declarationProblems(path: "\(path) \(subcommand.name)")
        }
        return problems
    }

    /// Positionals are matched left to right, so the order must leave no ambiguity: required
    /// ones first, then optional ones, then at most one variadic one.
    private func positionalProblems(path: String) -> [String] {
        var problems: [String] = []
        var sawOptional = false
        for (index, positional) in positionals.enumerated() {
            switch positional.arity {
            case .required where sawOptional:
                problems.append("\(path): required <\(positional.name)> follows an optional or variadic positional")
            case .variadic where index != positionals.count - 1:
                problems.append("\(path): variadic <\(positional.name)> must be the last positional")
            case .optional, .variadic:
                sawOptional = true
            case .required:
                break
            }
        }
        for name in Self.duplicates(positionals.map(\.name)) {
            problems.append("\(path): positional <\(name)> is declared more than once")
        }
        return problems
    }

    private static func isValidLongName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    private static func duplicates<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        var repeated: [T] = []
        for value in values where !seen.insert(value).inserted && !repeated.contains(value) {
            repeated.append(value)
        }
        return repeated
    }
}
