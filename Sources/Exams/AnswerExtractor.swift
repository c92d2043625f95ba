import Foundation

/// Reads the chosen option out of a model's free-text reply: an ordered cascade of rules, the
/// first that finds an answer wins. Versioned, because changing a rule changes scores: a stored
/// reply rescored with another version may get another outcome, and reports name the version.
///
/// The cascade (version 1):
/// 1. empty: the reply is blank after trimming.
/// 2. answerLine: the last `Answer: X` (to the end of its line) (also `Final answer:`, `Correct
///    answer:`, in any case, with markdown around it). X may be a label, a label with the
///    option's text (`(C) Metformin`), an option's text, or yes/no/maybe.
/// 3. bareLabel: the whole reply is a label: `B`, `b`, `(B)`, `B)`, `B.`, `**B**`, `\boxed{B}`.
/// 4. leadingLabel: the reply starts with an upper-case label and `)`, `.` or `:` (`C. Metformin
///    is first line because ...`), or a parenthesized label of either case; not when a later line
///    starts with another label (a walk through the options). For yes/no/maybe items, the first word.
/// 5. answerPhrase: phrases naming one option: first `the answer is C` / `choice is C`; only if
///    none, `option C`, `I choose C`, `it is C`. A negated one (`the answer is not A`) is
///    skipped. Several different options in the deciding tier make the reply unparseable.
/// 6. optionText: exactly one option's text appears in the reply (an option whose text lies
///    inside another matched option's text does not count against it).
/// Markdown emphasis, backticks, `$`, `\boxed{}`, `\text{}` and `\( \)` are stripped first.
/// Two labels joined by "and", "or", "/", "&" or a comma (`A or B`) are ambiguous: unparseable.
/// Lower-case letters count only when they cannot be the article "a": alone, or in parentheses.
/// A lone letter that is also another option's whole text (MedQA options "B".."E", MedMCQA's
/// "a", "c", "bc") is ambiguous; `B. fragilis` is a genus, not option B.
/// When no rule answers, a reply matching a `refusalPatterns` entry is a refusal; otherwise it
/// is unparseable, and the raw reply is kept for a later version to try again.
public struct AnswerExtractor: Sendable {
    public static let currentVersion = "1"
    public let version: String

    /// Case-insensitive phrases that mark a refusal, checked only after every rule failed (so
    /// "I can't be certain, but Answer: B" is an answer).
    public static let refusalPatterns = [
        #"\bi (?:cannot|can't|can not|won't|will not)\b"#,
        #"\bi(?:'m| am) (?:unable|not able)\b"#,
        #"\bas an ai\b"#,
        #"\b(?:cannot|can't|unable to) (?:provide|give|offer) (?:medical|a diagnosis|clinical)"#,
        #"\bconsult (?:a|your|with a) (?:doctor|physician|healthcare|medical)"#,
        #"\bnot (?:able|allowed|permitted) to (?:answer|provide|help)"#,
    ]

    public init() { version = Self.currentVersion }

    public func extract(_ reply: String, for item: ExamItem) -> Extraction {
        let cleaned = Self.clean(reply)
        if cleaned.allSatisfy(\.isWhitespace) { return .empty }
        if item.format == .openEnded { return .unparseable(reason: "open-ended items have no option to extract") }
        let reader = OptionReader(item: item)

        if let segment = Self.lastAnswerLine(cleaned) {
            switch reader.read(segment: segment) {
            case .found(let label): return .answer(label: label, rule: .answerLine)
            case .invalid(let reason): return .unparseable(reason: "answer line: \(reason)")
            case .none: break
            }
        }
        let whole = cleaned.trimmingCharacters(in: .whitespacesAndNewlines)
        switch reader.bare(whole) {
        case .found(let label): return .answer(label: label, rule: .bareLabel)
        case .invalid(let reason): return .unparseable(reason: reason)
        case .none: break
        }
        switch reader.leading(whole) {
        case .found(let label): return .answer(label: label, rule: .leadingLabel)
        case .invalid(let reason): return .unparseable(reason: reason)
        case .none: break
        }
        switch reader.phrases(whole) {
        case .found(let label): return .answer(label: label, rule: .answerPhrase)
        case .invalid(let reason): return .unparseable(reason: reason)
        case .none: break
        }
        if let label = reader.uniqueOptionText(whole) { return .answer(label: label, rule: .optionText) }
        let lower = whole.lowercased()
        for pattern in Self.refusalPatterns where lower.range(of: pattern, options: .regularExpression) != nil {
            return .refusal(pattern: pattern)
        }
        return .unparseable(reason: "no rule found an answer")
    }

    // MARK: Cleaning

    /// Markup that wraps answers without changing them.
    static func clean(_ text: String) -> String {
        var s = text
        // Twice, for one level of nesting: \boxed{\text{B}}.
        for _ in 0..<2 {
            s = s.replacingOccurrences(of: #"\\(?:boxed|text|textbf|mathrm|mathbf|fbox)\s*\{([^{}]*)\}"#,
                                       with: "$1", options: .regularExpression)
        }
        s = s.replacingOccurrences(of: #"\\[\(\)\[\]]"#, with: " ", options: .regularExpression)
        s = s.replacingOccurrences(of: #"\*\*|__|[*`$#]"#, with: "", options: .regularExpression)
        return s
    }

    /// The rest of the line after the last `Answer:`, if any (mid-line too: "..., but Answer: C");
    /// the next line when nothing follows the colon.
    static func lastAnswerLine(_ text: String) -> String? {
        let pattern = #"(?i)(?<![A-Za-z])(?:final\s+|correct\s+|best\s+)?answer\s*[:：]\s*([^\n]*)"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.matches(in: text, range: range).last,
              let segment = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[segment])
    }
}

/// What the cascade found for one reply.
public enum Extraction: Hashable, Sendable {
    case answer(label: String, rule: ExtractionRule)
    case empty
    /// The documented pattern that matched.
    case refusal(pattern: String)
    /// Why no rule answered (for diagnostics; the raw reply is kept by the outcome).
    case unparseable(reason: String)
}

/// The cascade rule that produced an answer, recorded per item.
public enum ExtractionRule: String, Hashable, Sendable, Codable, CaseIterable {
    case answerLine, bareLabel, leadingLabel, answerPhrase, optionText
}
