import Foundation

/// The pieces of `AnswerExtractor`'s cascade that know an item's labels: where a label may
/// stand, when a lower-case letter counts, and when two labels make a reply ambiguous.
struct OptionReader {
    enum Result: Equatable {
        case found(String)
        /// The reply names something that is not one answer (two options, an unknown letter).
        case invalid(String)
        case none
    }

    let item: ExamItem
    private var isWords: Bool { item.format == .yesNoMaybe }

    init(item: ExamItem) { self.item = item }

    // MARK: Rules

    /// The text after `Answer:`: a label at its start, else a phrase, else one option's text.
    func read(segment: String) -> Result {
        let s = segment.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.isEmpty { return .none }
        let token = leadingToken(s)
        if token != .none { return token }
        let phrase = phrases(s)
        if phrase != .none { return phrase }
        return uniqueOptionText(s).map { .found($0) } ?? .none
    }

    /// The whole reply is one label.
    func bare(_ whole: String) -> Result {
        let pattern = isWords ? #"^(?i)(yes|no|maybe)[.!]?$"# : #"^[(\[]?\s*([A-Za-z])\s*[)\]]?\s*[.:]?$"#
        guard let letter = Self.firstCapture(pattern, in: whole) else { return .none }
        return textCollision(letter) ?? check(letter, strict: true)
    }

    /// The reply starts with a label and punctuation (`C. ...`, `(b) ...`), or for yes/no/maybe
    /// items with the word.
    func leading(_ whole: String) -> Result {
        if isWords {
            // Punctuation must follow: "No significant difference ..." is prose, not an answer.
            guard let word = Self.firstCapture(#"^(?i)(yes|no|maybe)(?=\s*[,.!:;\n]|\s*$)"#, in: whole) else { return .none }
            let rest = String(whole.dropFirst(word.count))
            return ambiguous(after: rest) ?? check(word, strict: false)
        }
        // "B. fragilis", "E. coli": a genus abbreviation, not option B or E.
        let match = Self.firstCapture(#"^[(\[]\s*([A-Za-z])\s*[)\]]"#, in: whole)
            ?? Self.firstCapture(#"^([A-Z])\s*(?:[):]|\.(?! +[a-z]))(?![0-9A-Za-z])"#, in: whole)
        guard let letter = match, item.labels.contains(letter.uppercased()) else { return .none }
        // A reply that goes through the options line by line ("A) ... B) ...") is not answered
        // by its first line.
        let laterLines = whole.split(separator: "\n").dropFirst()
        if laterLines.contains(where: { Self.firstCapture(#"^\s*[(\[]?([A-Z])\s*[).:\]]"#, in: String($0)).map(item.labels.contains) ?? false }) {
            return .none
        }
        let rest = whole.drop { $0 != ")" && $0 != "]" && $0 != "." && $0 != ":" }.dropFirst()
        return ambiguous(after: String(rest)) ?? .found(letter.uppercased())
    }

    /// Phrases naming an option; negated ones skipped. Two tiers: "answer is X" / "choice is X"
    /// first, then weaker mentions ("option X", "I choose X", "it is X") only when the first tier
    /// named nothing, so that "each option: A) ..." in a chain of thought does not outvote
    /// "the answer is C". Several different options within the deciding tier are invalid.
    func phrases(_ text: String) -> Result {
        let gap = #"[^\S\n]*"#
        let verbs = #"(?:(?i:is|would be|should be|must be|=)"# + gap + ")?"
        let letter = #"((?i:not)\s+)?(\()?([A-Za-z])(\))?(?![A-Za-z0-9])"#
        let tiers: [[String]] = isWords
            ? [[#"(?i)\banswer"# + gap + #"(?:is|would be|should be)?"# + gap + #":?"# + gap + #"(not\s+)?()(yes|no|maybe)()\b"#]]
            : [[#"(?i:\b(?:answer|choice)\b)"# + gap + verbs + ":?" + gap + letter],
               [#"(?i:\boption\b)"# + gap + verbs + gap + letter,
                #"(?i:\b(?:it is|it's|i choose|i would choose|i'd choose|i pick|i select|i would go with|i'd go with|go with)\b)\s+(?:(?i:option)\s+)?"# + letter]]
        for patterns in tiers {
            let result = named(by: patterns, in: text)
            if result != .none { return result }
        }
        return .none
    }

    private func named(by patterns: [String], in text: String) -> Result {
        var named: [String] = []
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if match.range(at: 1).location != NSNotFound { continue }  // "not A"
                guard let range = Range(match.range(at: 3), in: text) else { continue }
                let token = String(text[range])
                let bracketed = match.range(at: 2).location != NSNotFound || match.range(at: 4).location != NSNotFound
                let label: String
                if isWords {
                    label = token.lowercased()
                } else {
                    // A lower-case letter outside brackets is the article "a", not an answer.
                    if token.lowercased() == token && !bracketed { continue }
                    label = token.uppercased()
                }
                guard item.labels.contains(label) else { continue }
                if let end = Range(match.range, in: text)?.upperBound,
                   case .invalid(let reason)? = ambiguous(after: String(text[end...])) {
                    return .invalid(reason)
                }
                if !named.contains(label) { named.append(label) }
            }
        }
        if named.count > 1 { return .invalid("names several options: \(named.joined(separator: ", "))") }
        return named.first.map { .found($0) } ?? .none
    }

    /// The one option whose text appears in `text`, for lettered items. An option whose text
    /// lies inside another matched option's text ("insulin" in "insulin and metformin") yields.
    func uniqueOptionText(_ text: String) -> String? {
        guard !isWords else { return nil }
        let haystack = " " + Self.normalize(text) + " "
        let matched = item.options.compactMap { option -> (String, String)? in
            let needle = Self.normalize(option.text)
            return !needle.isEmpty && haystack.contains(" " + needle + " ") ? (option.label, needle) : nil
        }
        let maximal = matched.filter { candidate in
            !matched.contains { $0.1 != candidate.1 && $0.1.contains(candidate.1) }
        }
        return maximal.count == 1 ? maximal[0].0 : nil
    }

    // MARK: Pieces

    /// A label at the start of an `Answer:` segment. Lower case only when bracketed or alone.
    private func leadingToken(_ s: String) -> Result {
        if isWords {
            guard let word = Self.firstCapture(#"^(?i)(yes|no|maybe)\b"#, in: s) else { return .none }
            return ambiguous(after: String(s.dropFirst(word.count))) ?? check(word, strict: false)
        }
        guard let regex = try? NSRegularExpression(pattern: #"^(\(|\[)?\s*([A-Za-z])\s*(\)|\])?(?![A-Za-z0-9])"#),
              let match = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)),
              let letterRange = Range(match.range(at: 2), in: s),
              let end = Range(match.range, in: s)?.upperBound else { return .none }
        let letter = String(s[letterRange])
        let rest = String(s[end...])
        let bracketed = match.range(at: 1).location != NSNotFound || match.range(at: 3).location != NSNotFound
        let alone = rest.trimmingCharacters(in: CharacterSet(charactersIn: " .:!")).isEmpty
        if letter == letter.lowercased() && !bracketed && !alone { return .none }
        // "I think B": the pronoun, not option I (unless the item has one).
        if letter == "I" && !item.labels.contains("I") { return .none }
        return ambiguous(after: rest) ?? (alone ? textCollision(letter) : nil) ?? check(letter, strict: true)
    }

    /// `.invalid` when `rest` starts by joining a second label: "A or B", "B and C", "A, B", "A/B".
    private func ambiguous(after rest: String) -> Result? {
        let pattern = isWords
            ? #"^\s*(?:,|/|&|(?i:and|or))\s*(?i:(yes|no|maybe))\b"#
            : #"^\s*(?:,|/|&|(?i:and|or))\s*[(\[]?\s*([A-Z])(?![A-Za-z0-9])"#
        guard let second = Self.firstCapture(pattern, in: rest) else { return nil }
        let label = isWords ? second.lowercased() : second
        guard item.labels.contains(label) else { return nil }
        return .invalid("two options joined: \(rest.trimmingCharacters(in: .whitespaces).prefix(20))")
    }

    /// `.invalid` when a lone letter is also another option's whole text (MedQA options "B", "C",
    /// "D", "E" under labels A-D; MedMCQA's "a", "c", "bc", "ad"): the reply could mean either.
    private func textCollision(_ letter: String) -> Result? {
        if isWords { return nil }  // yes/no/maybe: the labels are the texts
        let lower = letter.lowercased()
        guard let other = item.options.first(where: { Self.normalize($0.text) == lower && $0.label != letter.uppercased() }) else {
            return nil
        }
        return .invalid("\(letter) is a label and also option \(other.label)'s text")
    }

    /// `strict`: a letter that is not a label makes the reply invalid rather than unanswered.
    private func check(_ token: String, strict: Bool) -> Result {
        let label = isWords ? token.lowercased() : token.uppercased()
        if item.labels.contains(label) { return .found(label) }
        return strict ? .invalid("\(token) is not an option (\(item.labels.joined(separator: ", ")))") : .none
    }

    static func firstCapture(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }

    /// Lower case, letters and digits only, single spaces.
    static func normalize(_ text: String) -> String {
        let mapped = text.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        return String(mapped).split(separator: " ").joined(separator: " ")
    }
}
