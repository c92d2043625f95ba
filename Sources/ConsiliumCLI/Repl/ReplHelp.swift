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
        commands, /set names and /rerun NAME=; Ctrl-U, Ctrl-K and Ctrl-W delete to the start, to the end, a word.
        """

    /// More about the commands whose one line is not enough.
    static let details: [String: String] = [
        "flow": """
              The flow file is checked (templates, schemas, graph), and INPUTS.json (a JSON object of input \
            name to value, as for consilium run --inputs) against its declared inputs, before any call. Every \
            model step asks the current model; answers already in the database for the same call are reused. \
            The run is recorded in this session's database as a run of its own (its id is printed); Ctrl-C \
            stops it, and `consilium run FILE --resume RUN --db DB` finishes it later. Example:
                /flow Prompts/flows/example.json case.json
              There is no /step: the engine runs whole flows (a step reads inputs and earlier steps' outputs). \
            To run one step, write a flow holding only that step, with the values it reads from earlier \
            steps given as inputs, and /flow it.
            """,
        "call": """
              RUN is a run id or the start of one; STEP ITEM ATTEMPT are as /calls lists them (ITEM is - for \
            a step that makes one call; ATTEMPT defaults to 1; re-asks after an invalid answer are 2, 3).
            """,
        "rerun": """
              Sends the stored call's exact messages to the current model with the stored sampling, changed \
            by NAME=VALUE (temperature, top_p, top_k, max_tokens, seed; "default" leaves one to the provider), \
            and the current /schema if one is set (the store keeps a schema's hash, not its text). The new call \
            is recorded in this session's run (step rerun); the old answer is printed, then the new one streams.
                /rerun 3f2a candidates - temperature=0.7 seed=2
            """,
        "score": """
              FILE is a JSON object with the fields of `consilium json`'s score request ("op" and "id" are ignored):
              {"metric": "set_f1", "predicted": ["BRAF", "KRAS"], "reference": ["BRAF", "EGFR"]}
                one list of strings, or one list per item ([["TP53"], []] against [["TP53", "MDM2"], ["KIT"]]): \
            pooled (micro) precision, recall and F1 with the counts, and the per-item (macro) means; strings \
            match exactly.
              {"metric": "accuracy", "predicted": ["A", "B"], "reference": ["A", "C"]}  (or "outcomes": [true, false])
                correct/total with a Wilson interval at "confidence" (default 0.95).
            """,
    ]

    static func text(topic: String?) throws -> String {
        guard let topic else {
            // Usages longer than the column (/call, /rerun) put their line of help under them.
            let lines = SlashCommand.table.flatMap {
                TextWrapper.twoColumns(label: $0.usage, text: $0.help, labelWidth: 27, width: 110)
            }
            return ([overview, ""] + lines).joined(separator: "\n")
        }
        guard let entry = SlashCommand.table.first(where: { $0.name == topic }) else {
            let hint = EditDistance.closest(to: topic, among: SlashCommand.names).map { "; did you mean /\($0)?" } ?? ""
            throw SlashCommandError(command: "help", "no command \"\(topic)\"\(hint)")
        }
        var text = "\(entry.usage)\n  \(entry.help)"
        if let more = details[topic] { text += "\n\n" + wrapped(more) }
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

    /// Each line wrapped at 100 columns, its continuation lines indented as it is.
    static func wrapped(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let indent = String(line.prefix { $0 == " " })
            return TextWrapper.wrap(String(line.dropFirst(indent.count)), width: 100 - indent.count).map { indent + $0 }
        }.joined(separator: "\n")
    }
}
