/// The text shown to a model for one item, versioned like the extractor: a prompt change
/// changes scores, so runs record `ExamPrompt.version`.
///
/// The layout follows MMLU's original (Hendrycks et al. 2021) as lm-evaluation-harness uses it:
/// an optional header naming the subject, solved exemplars ending in `Answer: X`, then the item
/// ending in `Answer:`. Mode (a) scores each option's text as the continuation of that prompt,
/// mode (b) the next token (a letter), mode (c) the generated reply, for which an instruction
/// asks for a final `Answer: X` line (the extractor's first rule).
public enum ExamPrompt {
    public static let version = "1"

    public enum Mode: String, Sendable, CaseIterable {
        case likelihood, nextToken, generate
    }

    public static func render(_ item: ExamItem, exemplars: [ExamItem] = [], mode: Mode) -> String {
        var out = ""
        if let subject = item.tags["subject"], item.format == .multipleChoice {
            out += "The following are multiple choice questions (with answers) about \(subject.replacingOccurrences(of: "_", with: " ")).\n\n"
        }
        for exemplar in exemplars {
            out += block(exemplar) + " " + (exemplar.key ?? "") + "\n\n"
        }
        if mode == .generate {
            out += item.format == .yesNoMaybe
                ? "Answer yes, no or maybe. End with a line of the form \"Answer: yes\".\n\n"
                : "Choose one option. End with a line of the form \"Answer: X\", where X is the option's letter.\n\n"
        }
        return out + block(item)
    }

    /// Mode (a): per option, the text whose log-likelihood is scored after the prompt (a leading
    /// space, as the option would follow "Answer:").
    public static func continuations(_ item: ExamItem) -> [(label: String, text: String)] {
        item.options.map { ($0.label, " " + $0.text) }
    }

    /// Context, question, options and the closing `Answer:`.
    static func block(_ item: ExamItem) -> String {
        var out = ""
        if let context = item.context, !context.isEmpty { out += "Context: \(context)\n" }
        out += item.format == .yesNoMaybe ? "Question: \(item.stem)\n" : "\(item.stem)\n"
        if item.format == .multipleChoice {
            for option in item.options { out += "\(option.label). \(option.text)\n" }
        }
        return out + "Answer:"
    }
}
