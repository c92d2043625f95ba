/// Renders a command's help text from its spec: overview, discussion, usage, arguments,
/// options (with value names, defaults and help) and subcommands, wrapped at `width` columns.
public struct HelpFormatter: Sendable {
    /// Lines are wrapped to this many characters; a single word longer than this overflows.
    public var width: Int

    /// 100 columns: wide enough for option help on one line, narrow enough for split terminals.
    public init(width: Int = 100) {
        self.width = width
    }

    /// Help for `spec`, reached through `commandPath` (e.g. ["consilium", "models", "fetch"],
    /// ending with the spec's own name). Ends with a newline.
    public func help(for spec: CommandSpec, commandPath: [String]) -> String {
        var sections: [[String]] = []
        if !spec.abstract.isEmpty { sections.append(TextWrapper.wrap("OVERVIEW: " + spec.abstract, width: width)) }
        if !spec.discussion.isEmpty { sections.append(TextWrapper.wrap(spec.discussion, width: width)) }
        sections.append(usage(for: spec, commandPath: commandPath))

        let labelWidth = self.labelWidth(for: spec)
        let rows = { (title: String, entries: [(String, String)]) -> [String] in
            [title] + entries.flatMap {
                TextWrapper.twoColumns(label: "  " + $0.0, text: $0.1, labelWidth: labelWidth, width: self.width)
            }
        }
        if !spec.positionals.isEmpty { sections.append(rows("ARGUMENTS:", positionalEntries(spec))) }
        sections.append(rows("OPTIONS:", optionEntries(spec)))
        if !spec.subcommands.isEmpty {
            sections.append(rows("SUBCOMMANDS:", spec.subcommands.map { ($0.name, $0.abstract) }))
            let path = commandPath.joined(separator: " ")
            sections.append(TextWrapper.wrap("See '\(path) <subcommand> --help' for a subcommand's options.", width: width))
        }
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    /// `USAGE: consilium generate --model <path> [<options>] <prompt>`: required options
    /// spelled out, the rest summarised, continuation lines aligned after the command path.
    public func usage(for spec: CommandSpec, commandPath: [String]) -> [String] {
        let prefix = "USAGE: " + commandPath.joined(separator: " ") + " "
        var words = spec.options.filter(\.isRequired).map(\.usageText)
        let hasOtherOptions = spec.options.contains { !$0.isRequired } || !spec.flags.isEmpty
        if hasOtherOptions { words.append("[<options>]") }
        words += spec.positionals.map(\.usageText)
        if !spec.subcommands.isEmpty { words.append("<subcommand>") }
        if words.isEmpty { return [prefix.trimmingTrailingSpaces()] }

        let lines = TextWrapper.wrap(words: words, width: max(width - prefix.count, 1))
        let pad = String(repeating: " ", count: prefix.count)
        return [prefix + lines[0]] + lines.dropFirst().map { pad + $0 }
    }

    // MARK: Entries

    private func positionalEntries(_ spec: CommandSpec) -> [(String, String)] {
        spec.positionals.map { positional in
            let note: String
            switch positional.arity {
            case .required: note = ""
            case .optional: note = " (optional)"
            case .variadic: note = " (zero or more)"
            }
            return (positional.usageText, positional.help + note)
        }
    }

    private func optionEntries(_ spec: CommandSpec) -> [(String, String)] {
        let options = spec.options.map { option -> (String, String) in
            let label = Self.shortPrefix(option.short) + option.usageText
            let note: String
            switch option.occurrence {
            case .optional: note = ""
            case .required: note = " (required)"
            case .defaulted(let text): note = " (default: \(text))"
            case .repeatable: note = " (repeatable)"
            }
            return (label, option.help + note)
        }
        let flags = spec.flags.map { (Self.shortPrefix($0.short) + "--\($0.long)", $0.help) }
        return options + flags + [("-h, --help", "Show this help.")]
    }

    private static func shortPrefix(_ short: Character?) -> String {
        short.map { "-\($0), " } ?? ""
    }

    /// Room for the longest label plus a two-space gap, capped at 32 columns so that one long
    /// label does not push every help text to the right; longer labels wrap instead.
    private func labelWidth(for spec: CommandSpec) -> Int {
        let labels = optionEntries(spec).map(\.0) + positionalEntries(spec).map(\.0) + spec.subcommands.map(\.name)
        let longest = labels.map { $0.count + 2 }.max() ?? 0
        return min(longest + 2, 32)
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        String(self.reversed().drop { $0 == " " }.reversed())
    }
}
