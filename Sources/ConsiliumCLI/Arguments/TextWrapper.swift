/// Greedy word wrapping for help text.
enum TextWrapper {
    /// Splits `text` into lines of at most `width` characters, breaking at spaces and keeping
    /// the text's own line breaks. A word longer than `width` gets a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let words = line.split(separator: " ").map(String.init)
            return words.isEmpty ? [""] : wrap(words: words, width: width)
        }
    }

    /// Joins `words` with single spaces into lines of at most `width` characters; a word is
    /// never split, so multi-word units such as "[<file> ...]" can be passed as one word.
    static func wrap(words: [String], width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in words {
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `label` in a column of `labelWidth`, then `text` wrapped to the remaining width with its
    /// continuation lines aligned under the first. A label that fills its column puts the text
    /// on the next line.
    static func twoColumns(label: String, text: String, labelWidth: Int, width: Int) -> [String] {
        if text.isEmpty { return [label] }
        let textLines = wrap(text, width: max(width - labelWidth, 1))
        let pad = String(repeating: " ", count: labelWidth)
        guard label.count < labelWidth - 1 else {
            return [label] + textLines.map { pad + $0 }
        }
        let first = label + String(repeating: " ", count: labelWidth - label.count) + (textLines.first ?? "")
        return [first] + textLines.dropFirst().map { pad + $0 }
    }
}
