import Support
/// Routes a command line to the command it names, and handles what no command should have to:
/// help (`--help`, `-h`, `help <command>`), usage errors and exit statuses.
///
/// Exit statuses: 0 for help and success, the command's own status from `run`, 1 when `run`
/// throws, 2 for a usage error (the shell convention for misuse of a command), which includes
/// any error thrown by a command's initializer, where validation happens, and an
/// `ArgumentError` thrown by `run`. Words that name a subcommand always select it, even below a
/// runnable command that also takes positionals.
public struct CommandRouter {
    public static let usageErrorStatus: Int32 = 2
    public static let failureStatus: Int32 = 1

    /// A root spec and command table that do not fit together; a mistake in the program.
    public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
        public var problems: [String]
        public var description: String { problems.joined(separator: "\n") }
    }

    public let root: CommandSpec
    private let commands: [[String]: any Command.Type]
    private let helpFormatter = HelpFormatter()

    /// - Parameters:
    ///   - root: the program's spec; its subcommand tree names every command path.
    ///   - commands: command types by subcommand path below the root, e.g. ["models", "fetch"];
    ///     [] makes the root itself runnable.
    /// - Throws: `ConfigurationError` when the tree has declaration problems, a path is not in
    ///   the tree, or a command type's `spec` differs from the tree's spec at its path.
    public init(root: CommandSpec, commands: [[String]: any Command.Type]) throws {
        var problems = root.declarationProblems()
        for (path, type) in commands.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let name = ([root.name] + path).joined(separator: " ")
            guard let spec = root.descendant(at: path) else {
                problems.append("'\(name)' is not in the spec tree")
                continue
            }
            if spec != type.spec { problems.append("'\(name)': \(type).spec differs from the spec tree's") }
        }
        problems += Self.leavesWithoutCommand(root, rootName: root.name, path: [], commands: commands)
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        self.root = root
        self.commands = commands
    }

    /// Runs the command named by `arguments` (argv: the program first) and returns the exit
    /// status. Help goes to standard output; errors go to standard error.
    public func run(_ arguments: [String] = CommandLine.arguments, context: CommandContext = .standard) async -> Int32 {
        let words = Array(arguments.dropFirst())
        if words.first == "help", root.subcommand(named: "help") == nil {
            return showHelp(forPath: Array(words.dropFirst()), words: words, context: context)
        }

        var spec = root
        var path: [String] = []
        while path.count < words.count, let next = spec.subcommand(named: words[path.count]) {
            spec = next
            path.append(next.name)
        }
        let commandPath = [root.name] + path
        let rest = Array(words[path.count...])

        guard let type = commands[path] else {
            return routeWithinGroup(spec, commandPath: commandPath, rest: rest, words: words, context: context)
        }
        let command: any Command
        do {
            let parser = ArgumentParser(spec: spec, commandPath: commandPath)
            switch try parser.parse(rest, firstIndex: path.count + 1) {
            case .helpRequested:
                context.stdout.write(helpFormatter.help(for: spec, commandPath: commandPath))
                return 0
            case .parsed(let args):
                command = try type.init(args)
            }
        } catch {
            return reportUsageError(error, words: words, helpPath: commandPath, context: context)
        }
        do {
            return try await command.run(context: context)
        } catch let error as ArgumentError {
            return reportUsageError(error, words: words, helpPath: commandPath, context: context)
        } catch {
            context.stderr.writeLine("error: \(error)")
            return Self.failureStatus
        }
    }

    /// A spec without subcommands is only reachable to run it, so it needs a command type.
    private static func leavesWithoutCommand(_ spec: CommandSpec, rootName: String, path: [String],
                                             commands: [[String]: any Command.Type]) -> [String] {
        if spec.subcommands.isEmpty {
            let name = ([rootName] + path).joined(separator: " ")
            return commands[path] == nil ? ["'\(name)' has no subcommands and no command type"] : []
        }
        return spec.subcommands.flatMap {
            leavesWithoutCommand($0, rootName: rootName, path: path + [$0.name], commands: commands)
        }
    }

    // MARK: Help and groups

    /// `help <path>`: every word must name a subcommand.
    private func showHelp(forPath helpWords: [String], words: [String], context: CommandContext) -> Int32 {
        var spec = root
        var commandPath = [root.name]
        for (offset, word) in helpWords.enumerated() {
            guard let next = spec.subcommand(named: word) else {
                let error = unknownSubcommand(word, of: spec, commandPath: commandPath,
                                              at: .argument(index: offset + 2, text: word))
                return reportUsageError(error, words: words, helpPath: commandPath, context: context)
            }
            spec = next
            commandPath.append(word)
        }
        context.stdout.write(helpFormatter.help(for: spec, commandPath: commandPath))
        return 0
    }

    /// A command with subcommands but no command type of its own: the next word must be a
    /// subcommand or a request for help.
    private func routeWithinGroup(_ spec: CommandSpec, commandPath: [String], rest: [String], words: [String],
                                  context: CommandContext) -> Int32 {
        if ArgumentParser.asksForHelp(rest) {
            context.stdout.write(helpFormatter.help(for: spec, commandPath: commandPath))
            return 0
        }
        let command = commandPath.joined(separator: " ")
        let error: ArgumentError
        if let word = rest.first {
            let location = ArgumentLocation.argument(index: words.count - rest.count + 1, text: word)
            if ArgumentParser.looksLikeOption(word) {
                let suggestion = EditDistance.closest(to: String(word.drop { $0 == "-" }), among: ["help"])
                error = ArgumentError(.unknownOption(word, suggestion: suggestion.map { "--\($0)" }), at: location)
            } else {
                error = unknownSubcommand(word, of: spec, commandPath: commandPath, at: location)
            }
        } else {
            error = ArgumentError(.missingSubcommand(command: command, available: spec.subcommands.map(\.name)),
                                  at: .endOfLine)
        }
        return reportUsageError(error, words: words, helpPath: commandPath, context: context)
    }

    private func unknownSubcommand(_ word: String, of spec: CommandSpec, commandPath: [String],
                                   at location: ArgumentLocation) -> ArgumentError {
        let suggestion = EditDistance.closest(to: word, among: spec.subcommands.map(\.name))
        return ArgumentError(.unknownSubcommand(word, command: commandPath.joined(separator: " "),
                                                suggestion: suggestion), at: location)
    }

    /// Any error from parsing or a command's initializer is a usage error; an `ArgumentError`
    /// also shows where in the command line it is.
    private func reportUsageError(_ error: Error, words: [String], helpPath: [String],
                                  context: CommandContext) -> Int32 {
        if let error = error as? ArgumentError {
            let report = UsageErrorReport(error: error, words: words, programName: root.name, helpPath: helpPath)
            context.stderr.write(report.text)
        } else {
            context.stderr.writeLine("error: \(error)")
            context.stderr.writeLine("See '\(helpPath.joined(separator: " ")) --help'.")
        }
        return Self.usageErrorStatus
    }
}
