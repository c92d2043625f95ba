/// GPT-4's published answer for one GO-naming set (Hu et al. 2025): its proposed name and its
/// own confidence; "System of unrelated proteins" with confidence 0 when it named nothing.
public struct PublishedNamingAnswer: Equatable, Sendable {
    public let term: String
    public let name: String
    public let confidence: Double
    /// Hu et al.'s bin: "High Confidence", "Medium Confidence", "Low Confidence", "Name not assigned".
    public let bin: String

    /// Reads the tab-separated answers (columns GO, `gpt_4_default Name`, `gpt_4_default Score`,
    /// `gpt_4_default Score Bin`), by GO id.
    public static func load(path: String) throws -> [String: PublishedNamingAnswer] {
        let text = try DelimitedText(path: path)
        guard let header = text.lines.first else { throw text.error(nil, .empty(what: "published answer file")) }
        let names = DelimitedText.tabFields(header.text).map(String.init)
        let columns = try ["GO", "gpt_4_default Name", "gpt_4_default Score", "gpt_4_default Score Bin"].map { name -> Int in
            guard let index = names.firstIndex(of: name) else { throw text.error(header, .missingColumn(name: name, found: names)) }
            return index
        }
        var answers: [String: PublishedNamingAnswer] = [:]
        for line in text.lines.dropFirst() {
            let fields = DelimitedText.tabFields(line.text).map(String.init)
            guard fields.count == names.count else {
                throw text.error(line, .malformedRow("expected \(names.count) tab-separated fields, found \(fields.count)"))
            }
            guard let confidence = Double(fields[columns[2]]), confidence.isFinite else {
                throw text.error(line, column: columns[2] + 1, .notNumeric(value: fields[columns[2]], field: "gpt_4_default Score"))
            }
            let term = fields[columns[0]]
            guard answers[term] == nil else { throw text.error(line, column: columns[0] + 1, .duplicate(key: term, firstLine: nil)) }
            answers[term] = PublishedNamingAnswer(term: term, name: fields[columns[1]], confidence: confidence, bin: fields[columns[3]])
        }
        return answers
    }
}
