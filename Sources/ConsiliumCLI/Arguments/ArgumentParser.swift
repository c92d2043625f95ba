import Support
/// Parses one command's arguments against its `CommandSpec`.
///
/// Accepted forms: `--name value`, `--name=value`, `-n value`, flags `--json` and `-j`, and
/// positionals in declaration order. `--` ends options: every later word is positional.
/// A separate value never starts with "-" unless it is a number (`--seed -1`), so
/// `--model --json` reports a missing value instead of taking "--json" as the model; a value
/// that does start with "-" is written `--name=-value`. Combined short flags (`-qj`) are not
/// supported. Subcommands are resolved by `CommandRouter`; this parser treats `spec` as a leaf.
public struct ArgumentParser: Sendable {
    public enum Outcome: Sendable {
        case parsed(ParsedArguments)
        /// `--help` or `-h` appeared before `--`; nothing else was checked.
        case helpRequested
    }

    public let spec: CommandSpec
    /// The words naming the command, for messages; defaults to the spec's name alone.
    public let commandPath: [String]

    public init(spec: CommandSpec, commandPath: [String]? = nil) {
        self.spec = spec
        self.commandPath = commandPath ?? [spec.name]
    }

    /// Parses `words`, the arguments after the words that selected the command.
    /// - Parameter firstIndex: the position of `words[0]` in the whole command line, counted
    ///   from 1 after the program name, so errors point at the word the user typed.
    /// - Throws: `ArgumentError` for the first word that cannot be accepted, or for a required
    ///   option or positional that is missing.
    public func parse(_ words: [String], firstIndex: Int = 1) throws -> Outcome {
        if Self.asksForHelp(words) { return .helpRequested }
        var collected = Collected()
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            if optionsEnded || !Self.looksLikeOption(word) {
                try takePositional(ArgumentValue(text: word, location: .argument(index: firstIndex + index, text: word)),
                                   into: &collected)
            } else if word == "--" {
                optionsEnded = true
            } else {
                index += try takeOption(words, at: index, firstIndex: firstIndex, into: &collected)
            }
            index += 1
        }
        try checkComplete(collected)
        return .parsed(ParsedArguments(spec: spec, commandPath: commandPath, optionValues: collected.options,
                                       givenFlags: collected.flags, positionalValues: collected.positionals))
    }

    // MARK: Words

    private struct Collected {
        var options: [String: [ArgumentValue]] = [:]
        var flags: [String: ArgumentLocation] = [:]
        var positionals: [ArgumentValue] = []
        /// Where each single-value option was given, to point back to it when it is repeated.
        var optionIndex: [String: Int] = [:]
    }

    /// Help wins over every other problem. Matching whole words is exact because a separate
    /// value never starts with "-" (see the type's contract).
    static func asksForHelp(_ words: [String]) -> Bool {
        for word in words {
            if word == "--" { return false }
            if word == "--help" || word == "-h" { return true }
        }
        return false
    }

    /// "-" alone (conventionally standard input) and negative numbers are values, not options.
    static func looksLikeOption(_ word: String) -> Bool {
        word.hasPrefix("-") && word != "-" && !isNegativeNumber(word)
    }

    private static func isNegativeNumber(_ word: String) -> Bool {
        let afterDash = word.dropFirst().first
        guard afterDash?.isASCII == true, afterDash?.isNumber == true || afterDash == "." else { return false }
        return Double(word) != nil
    }

    // MARK: Options

    /// Takes the option or flag at `words[index]`; returns how many following words it consumed.
    private func takeOption(_ words: [String], at index: Int, firstIndex: Int,
                            into collected: inout Collected) throws -> Int {
        let word = words[index]
        let location = ArgumentLocation.argument(index: firstIndex + index, text: word)
        let (name, inlineValue) = Self.split(word)

        if let flag = resolveFlag(name) {
            if let inlineValue {
                throw ArgumentError(.flagGivenValue(flag: "--\(flag.long)", value: inlineValue), at: location)
            }
            if collected.flags[flag.long] == nil { collected.flags[flag.long] = location }
            return 0
        }
        guard let option = resolveOption(name) else {
            throw ArgumentError(.unknownOption(name, suggestion: suggestion(for: name)), at: location)
        }

        let value: ArgumentValue
        if let inlineValue {
            value = ArgumentValue(text: inlineValue, location: location)
        } else {
            let next = index + 1 < words.count ? words[index + 1] : nil
            guard let next, !Self.looksLikeOption(next) else {
                throw ArgumentError(.missingValue(option: "--\(option.long)", valueName: option.valueName, found: next),
                                    at: location)
            }
            value = ArgumentValue(text: next, location: .argument(index: firstIndex + index + 1, text: next))
        }

        if !option.isRepeatable, let firstGiven = collected.optionIndex[option.long] {
            throw ArgumentError(.repeatedOption(option: "--\(option.long)", firstIndex: firstGiven), at: location)
        }
        collected.optionIndex[option.long] = firstIndex + index
        collected.options[option.long, default: []].append(value)
        return inlineValue == nil ? 1 : 0
    }

    /// "--name=value" → ("--name", "value"); "--name" → ("--name", nil). Short options take no
    /// inline value, so "-n=5" stays whole and is reported as unknown.
    private static func split(_ word: String) -> (name: String, value: String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    private func resolveFlag(_ name: String) -> FlagSpec? {
        if name.hasPrefix("--") { return spec.flag(named: String(name.dropFirst(2))) }
        guard name.count == 2, let short = name.last else { return nil }
        return spec.flag(short: short)
    }

    private func resolveOption(_ name: String) -> OptionSpec? {
        if name.hasPrefix("--") { return spec.option(named: String(name.dropFirst(2))) }
        guard name.count == 2, let short = name.last else { return nil }
        return spec.option(short: short)
    }

    /// The declared long option the user probably meant, compared without dashes so that
    /// "-model" suggests "--model": the only one the typed word abbreviates ("--temp"), else
    /// the nearest within edit distance 2.
    private func suggestion(for name: String) -> String? {
        let typed = String(name.drop { $0 == "-" })
        let declared = spec.options.map(\.long) + spec.flags.map(\.long) + ["help"]
        // Three letters before an abbreviation counts, so "-n" or "--t" suggest nothing.
        let abbreviated = typed.count >= 3 ? declared.filter { $0.hasPrefix(typed) } : []
        let match = abbreviated.count == 1 ? abbreviated.first : EditDistance.closest(to: typed, among: declared)
        return match.map { "--\($0)" }
    }

    // MARK: Positionals and completeness

    private func takePositional(_ value: ArgumentValue, into collected: inout Collected) throws {
        let unlimited = spec.positionals.last?.arity == .variadic
        guard unlimited || collected.positionals.count < spec.positionals.count else {
            throw ArgumentError(.unexpectedPositional(value.text, command: commandPath.joined(separator: " "),
                                                      accepted: spec.positionals.map(\.usageText)),
                                at: value.location)
        }
        collected.positionals.append(value)
    }

    private func checkComplete(_ collected: Collected) throws {
        for option in spec.options where option.isRequired && collected.options[option.long] == nil {
            throw ArgumentError(.missingOption(option: "--\(option.long)", valueName: option.valueName))
        }
        let required = spec.positionals.filter { $0.arity == .required }
        if collected.positionals.count < required.count {
            throw ArgumentError(.missingPositional(name: required[collected.positionals.count].name), at: .endOfLine)
        }
    }
}
