import Foundation
import Support

/// The text of `/help` and `/help COMMAND`.
enum ReplHelp {
    static let overview = """
        Type a message and press Enter: the model's answer streams here, then a status line (tokens, \
        seconds, tokens per second). Every call is recorded in the provenance database under this \
        session's run. Ctrl-C stops an answer; at the prompt, press it twice (or Ctrl-D, or /quit) to leave. \
        Start a message with // to send a text that begins with "/".

        Keys: Left/Right, Home/End (Ctrl-A/E) move; Up/Down recall earlier lines; Tab completes \
        commands and /set names; Ctrl-U, Ctrl-K and Ctrl-W delete to the start, to the end, a word.
        """

    static func text(topic: String?) throws -> String {
        guard let topic else {
            let width = SlashCommand.table.map(\.usage.count).max() ?? 0
            let lines = SlashCommand.table.map { $0.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.help }
            return ([overview, ""] + lines).joined(separator: "\n")
        }
        guard let entry = SlashCommand.table.first(where: { $0.name == topic }) else {
            let hint = EditDistance.closest(to: topic, among: SlashCommand.names).map { "; did you mean /\($0)?" } ?? ""
            throw SlashCommandError(command: "help", "no command \"\(topic)\"\(hint)")
        }
        var text = "\(entry.usage)\n  \(entry.help)"
        if topic == "set" {
            text += """

                  temperature  0 is greedy; above 0 samples (default: the provider's; local: 0)
                  top_p        keep the smallest set of tokens reaching this probability (local default: 1)
                  top_k        keep the K most likely tokens; 0 keeps all (local default: 0)
                  max_tokens   most tokens per answer (local default: 256)
                  seed         the random draw's seed: same seed, same sampled answer (local default: 0)
                  "default" hands a setting back to the provider.
                """
        }
        return text
    }
}
