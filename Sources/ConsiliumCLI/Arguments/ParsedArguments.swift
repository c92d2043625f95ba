/// One word's worth of value as the user typed it, and where it was.
public struct ArgumentValue: Equatable, Sendable {
    public var text: String
    public var location: ArgumentLocation

    public init(text: String, location: ArgumentLocation) {
        self.text = text
        self.location = location
    }
}

/// The result of parsing one command's arguments against its spec.
///
/// Values stay text until a command asks for them as a type; a value that does not convert
/// throws an `ArgumentError` naming the option and the argument it came from. Asking for a
/// name the spec does not declare throws `.undeclared`: a mistake in the command, reported
/// rather than trapped.
public struct ParsedArguments: Sendable {
    public let spec: CommandSpec
    /// The words naming the command, e.g. ["consilium", "models", "fetch"].
    public let commandPath: [String]
    /// Values given for each option, keyed by long name, in command-line order.
    public let optionValues: [String: [ArgumentValue]]
    /// The flags that were given, by long name, with where each first appeared.
    public let givenFlags: [String: ArgumentLocation]
    /// Positional words in order, after options and `--` are taken out.
    public let positionalValues: [ArgumentValue]

    public init(spec: CommandSpec, commandPath: [String], optionValues: [String: [ArgumentValue]],
                givenFlags: [String: ArgumentLocation], positionalValues: [ArgumentValue]) {
        self.spec = spec
        self.commandPath = commandPath
        self.optionValues = optionValues
        self.givenFlags = givenFlags
        self.positionalValues = positionalValues
    }

    private var commandName: String { commandPath.joined(separator: " ") }

    // MARK: Options as text

    /// Whether the option or flag appeared on the command line (a default does not count).
    public func isGiven(_ name: String) throws -> Bool {
        if try declaredOption(name) == nil { return givenFlags[name] != nil }
        return optionValues[name]?.isEmpty == false
    }

    /// The option's value, else its default; throws `.missingOption` when it has neither.
    public func string(_ name: String) throws -> String {
        try require(name, optionalString(name))
    }

    /// The option's value, else its default, else nil.
    public func optionalString(_ name: String) throws -> String? {
        try rawValue(name)?.text
    }

    /// Every value given for the option in order; its default alone when none was given.
    public func strings(_ name: String) throws -> [String] {
        let option = try option(name)
        let given = optionValues[name] ?? []
        if given.isEmpty, let text = option.defaultValue { return [text] }
        return given.map(\.text)
    }

    // MARK: Options as numbers

    /// The option's value as an integer, optionally within `bounds`.
    public func int(_ name: String, in bounds: ClosedRange<Int>? = nil) throws -> Int {
        try require(name, optionalInt(name, in: bounds))
    }

    public func optionalInt(_ name: String, in bounds: ClosedRange<Int>? = nil) throws -> Int? {
        let expected = "an integer" + Self.boundsPhrase(bounds, isUnbounded: { $0 == .min || $0 == .max }, format: String.init)
        return try convert(name, expected: expected) { text in
            guard let value = Int(text), bounds?.contains(value) ?? true else { return nil }
            return value
        }
    }

    /// The option's value as a finite number, optionally within `bounds`.
    public func double(_ name: String, in bounds: ClosedRange<Double>? = nil) throws -> Double {
        try require(name, optionalDouble(name, in: bounds))
    }

    public func optionalDouble(_ name: String, in bounds: ClosedRange<Double>? = nil) throws -> Double? {
        let expected = "a number" + Self.boundsPhrase(
            bounds, isUnbounded: { !$0.isFinite || abs($0) == .greatestFiniteMagnitude }, format: Self.format)
        return try convert(name, expected: expected) { text in
            guard let value = Double(text), value.isFinite, bounds?.contains(value) ?? true else { return nil }
            return value
        }
    }

    // MARK: Flags

    public func flag(_ name: String) throws -> Bool {
        guard spec.flag(named: name) != nil else {
            throw ArgumentError(.undeclared(name: name, command: commandName))
        }
        return givenFlags[name] != nil
    }

    // MARK: Positionals

    /// Every positional word in order, including those gathered by a variadic positional.
    public var positionals: [String] { positionalValues.map(\.text) }

    /// The positional word at `index`; throws `.missingPositional` when it was not given.
    public func positional(_ index: Int) throws -> String {
        guard let text = try optionalPositional(index) else {
            let name = spec.positionals[min(index, spec.positionals.count - 1)].name
            throw ArgumentError(.missingPositional(name: name), at: .endOfLine)
        }
        return text
    }

    /// The positional word at `index`, or nil when it was not given. An index past the
    /// declared positionals is allowed only when the last one is variadic.
    public func optionalPositional(_ index: Int) throws -> String? {
        let declared = index >= 0
            && (index < spec.positionals.count || spec.positionals.last?.arity == .variadic)
        guard declared else {
            throw ArgumentError(.undeclared(name: "positional #\(index)", command: commandName))
        }
        return index < positionalValues.count ? positionalValues[index].text : nil
    }

    // MARK: Validation

    /// An error for a command's own validation, located at the option's last occurrence or
    /// the flag's first.
    public func invalid(_ name: String, _ reason: String) -> ArgumentError {
        let location = optionValues[name]?.last?.location ?? givenFlags[name]
        let display = spec.flag(named: name) != nil || spec.option(named: name) != nil ? "--\(name)" : name
        return ArgumentError(.invalid(option: display, reason: reason), at: location)
    }

    // MARK: Lookup and conversion

    private func declaredOption(_ name: String) throws -> OptionSpec? {
        if let option = spec.option(named: name) { return option }
        if spec.flag(named: name) != nil { return nil }
        throw ArgumentError(.undeclared(name: name, command: commandName))
    }

    private func option(_ name: String) throws -> OptionSpec {
        guard let option = spec.option(named: name) else {
            throw ArgumentError(.undeclared(name: name, command: commandName))
        }
        return option
    }

    /// The last given value (the only one unless repeatable), else the default.
    private func rawValue(_ name: String) throws -> (text: String, location: ArgumentLocation?)? {
        let option = try option(name)
        if let last = optionValues[name]?.last { return (last.text, last.location) }
        return option.defaultValue.map { ($0, nil) }
    }

    private func convert<T>(_ name: String, expected: String, _ parse: (String) -> T?) throws -> T? {
        guard let raw = try rawValue(name) else { return nil }
        guard let value = parse(raw.text) else {
            throw ArgumentError(.invalidValue(option: "--\(name)", expected: expected, found: raw.text), at: raw.location)
        }
        return value
    }

    private func require<T>(_ name: String, _ value: T?) throws -> T {
        guard let value else {
            let valueName = spec.option(named: name)?.valueName ?? "value"
            throw ArgumentError(.missingOption(option: "--\(name)", valueName: valueName))
        }
        return value
    }

    /// " between 1 and 8", " of at least 1", " of at most 8" or "", for the expected-value text.
    private static func boundsPhrase<T>(_ bounds: ClosedRange<T>?, isUnbounded: (T) -> Bool,
                                        format: (T) -> String) -> String {
        guard let bounds else { return "" }
        switch (isUnbounded(bounds.lowerBound), isUnbounded(bounds.upperBound)) {
        case (false, false): return " between \(format(bounds.lowerBound)) and \(format(bounds.upperBound))"
        case (false, true): return " of at least \(format(bounds.lowerBound))"
        case (true, false): return " of at most \(format(bounds.upperBound))"
        case (true, true): return ""
        }
    }

    /// Whole numbers without a trailing ".0", so bounds read as the user would type them.
    private static func format(_ value: Double) -> String {
        // 1e15 keeps the Int conversion exact and far from overflow.
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
