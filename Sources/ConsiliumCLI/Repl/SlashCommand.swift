import Foundation
import Support

/// One line typed at the REPL: a message for the model, a slash command, or nothing.
enum ReplLine: Equatable {
    case empty
    case message(String)
    case command(SlashCommand)

    /// Reads one line. A line starting with "/" is a command; "//" escapes a message that starts
    /// with a slash (`//etc/hosts` sends "/etc/hosts").
    static func parse(_ line: String) throws -> ReplLine {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .empty }
        if trimmed.hasPrefix("//") { return .message(String(trimmed.dropFirst())) }
        if trimmed.hasPrefix("/") { return .command(try SlashCommand.parse(trimmed)) }
        return .message(line.trimmingCharacters(in: .newlines))
    }
}

/// What `/system` and `/schema` were asked to do with their setting.
enum SettingChange<Value: Equatable>: Equatable {
    case show
    case set(Value)
    case clear
}

/// The REPL's slash commands, each with its argument already read and checked.
enum SlashCommand: Equatable {
    case help(topic: String?)
    case model(String)
    case provider(path: String)
    case system(SettingChange<String>)
    case set(SamplingSetting, SamplingSetting.Value)
    case settings
    case schema(SettingChange<String>)
    case reset
    case history
    case retry
    case last
    case run
    case save(path: String)
    case load(path: String)
    case flow(file: String, inputs: String?)
    case runs(limit: Int)
    case calls(run: String?)
    case call(StoredCallReference)
    case rerun(StoredCallReference, [SamplingChange])
    case score(file: String)
    case quit

    /// Every command's name with its usage and one line of help, in the order `/help` lists them.
    static let table: [(name: String, usage: String, help: String)] = [
        ("help", "/help [COMMAND]", "List the commands, or explain one."),
        ("model", "/model ID|PATH", "Switch to a local model: a catalog id or a GGUF file (history is kept)."),
        ("provider", "/provider FILE", "Switch to a remote endpoint described by a provider configuration JSON file."),
        ("system", "/system [TEXT|off]", "Show, set or remove the system message sent before the conversation."),
        ("set", "/set NAME VALUE|default", "Change a sampling setting: " + SamplingSetting.allCases.map(\.rawValue).joined(separator: ", ") + "."),
        ("settings", "/settings", "Show the model, system message, sampling settings, schema and run."),
        ("schema", "/schema [FILE|off]", "Ask for JSON valid against a JSON Schema file (local models decode under its grammar)."),
        ("reset", "/reset", "Forget the conversation (settings stay)."),
        ("history", "/history", "Show the conversation sent with the next message."),
        ("retry", "/retry", "Ask the last message again (with the current settings), replacing its answer."),
        ("last", "/last", "Show the last call exactly as the provenance store recorded it."),
        ("run", "/run", "Show this session's run id and database."),
        ("save", "/save FILE", "Write the transcript (messages, settings, run id) as JSON."),
        ("load", "/load FILE", "Replace the conversation with the messages of a JSON file ([{\"role\", \"content\"}] or a saved transcript)."),
        ("flow", "/flow FILE [INPUTS.json]", "Run a flow on the current model as a run of its own; show its id and outputs."),
        ("runs", "/runs [N]", "List the newest N runs (default 10): id, status, flow, calls, start."),
        ("calls", "/calls [RUN]", "List a run's calls (default: this one's): step, item, attempt, outcome, ms, tokens."),
        ("call", "/call RUN STEP ITEM [ATTEMPT]", "Show a stored call: messages, sampling, raw answer, outcome (ITEM -: a single call)."),
        ("rerun", "/rerun RUN STEP ITEM [ATTEMPT] [NAME=VALUE ...]", "Ask a stored call again on the current model with changed sampling; show both answers."),
        ("score", "/score FILE", "Score predictions in a JSON file against a reference: set_f1 or accuracy."),
        ("quit", "/quit", "Leave (also Ctrl-D, or Ctrl-C twice at the prompt)."),
    ]

    static var names: [String] { table.map(\.name) }

    /// Whole lines that complete `line` for Tab: a command name, the argument of /set (a setting)
    /// and /help (a command), and the NAME= of /rerun's settings.
    static func completions(_ line: String) -> [String] {
        guard line.hasPrefix("/"), !line.hasPrefix("//") else { return [] }
        let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch words.count {
        case 1:
            return names.filter { $0.hasPrefix(words[0]) }.map { "/" + $0 }
        case 2 where words[0] == "set":
            return SamplingSetting.allCases.map(\.rawValue).filter { $0.hasPrefix(words[1]) }.map { "/set " + $0 }
        case 2 where words[0] == "help":
            return names.filter { $0.hasPrefix(words[1]) }.map { "/help " + $0 }
        case 5... where words[0] == "rerun":
            let typed = words.dropLast().joined(separator: " ")
            return SamplingSetting.allCases.map { $0.rawValue + "=" }.filter { $0.hasPrefix(words[words.count - 1]) }
                .map { "/\(typed) \($0)" }
        default:
            return []
        }
    }

    /// Parses `/name arguments`; errors name the command and the argument at fault.
    static func parse(_ line: String) throws -> SlashCommand {
        let body = line.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let rest = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        let words = rest.split(whereSeparator: \.isWhitespace).map(String.init)

        func none(_ command: SlashCommand) throws -> SlashCommand {
            guard rest.isEmpty else { throw SlashCommandError(command: name, "takes no argument, found \"\(rest)\"") }
            return command
        }
        func path(_ valueName: String) throws -> String {
            guard !rest.isEmpty else { throw SlashCommandError(command: name, "missing \(valueName)") }
            return rest
        }

        switch name {
        case "help", "?":
            guard words.count <= 1 else { throw SlashCommandError(command: name, "takes at most one command name, found \"\(rest)\"") }
            return .help(topic: words.first.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 })
        case "model": return .model(try path("ID|PATH"))
        case "provider": return .provider(path: try path("FILE"))
        case "system":
            if rest.isEmpty { return .system(.show) }
            return .system(rest == "off" ? .clear : .set(rest))
        case "set":
            guard words.count == 2 else {
                throw SlashCommandError(command: name, "expected NAME VALUE, e.g. /set temperature 0.7 (names: "
                                        + SamplingSetting.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            let setting = try SamplingSetting.named(words[0])
            return .set(setting, try setting.value(words[1]))
        case "settings": return try none(.settings)
        case "schema":
            if rest.isEmpty { return .schema(.show) }
            return .schema(rest == "off" ? .clear : .set(rest))
        case "reset", "clear": return try none(.reset)
        case "history": return try none(.history)
        case "retry": return try none(.retry)
        case "last": return try none(.last)
        case "run": return try none(.run)
        case "save": return .save(path: try path("FILE"))
        case "load": return .load(path: try path("FILE"))
        case "flow":
            guard (1...2).contains(words.count) else {
                throw SlashCommandError(command: name, "expected FILE [INPUTS.json] (paths without spaces), found \(words.count) words")
            }
            return .flow(file: words[0], inputs: words.count == 2 ? words[1] : nil)
        case "runs":
            guard words.count <= 1 else { throw SlashCommandError(command: name, "takes at most one number, found \"\(rest)\"") }
            guard let text = words.first else { return .runs(limit: 10) }
            guard let limit = Int(text), limit >= 1 else {
                throw SlashCommandError(command: name, "N: expected a whole number from 1, found \"\(text)\"")
            }
            return .runs(limit: limit)
        case "calls":
            guard words.count <= 1 else { throw SlashCommandError(command: name, "takes at most one run id, found \"\(rest)\"") }
            return .calls(run: words.first)
        case "call": return .call(try StoredCallReference.parse(words, command: name))
        case "rerun":
            let changes = words.drop { !$0.contains("=") }
            let place = Array(words.prefix(words.count - changes.count))
            return .rerun(try StoredCallReference.parse(place, command: name),
                          try changes.map { try SamplingChange.parse($0, command: name) })
        case "score": return .score(file: try path("FILE"))
        case "quit", "exit", "q": return try none(.quit)
        default:
            let hint = EditDistance.closest(to: name, among: names).map { "; did you mean /\($0)?" } ?? ""
            throw SlashCommandError(command: name, "unknown command\(hint) (/help lists them)")
        }
    }
}

/// A slash command that cannot be run as typed: which command, and what is wrong with it.
struct SlashCommandError: Error, Equatable, CustomStringConvertible {
    let command: String
    let reason: String

    init(command: String, _ reason: String) {
        self.command = command
        self.reason = reason
    }

    var description: String { "/\(command): \(reason)" }
}
