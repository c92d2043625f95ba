/// Free-text gene summaries (`SYMBOL: text [provided by RefSeq, date]`), one gene per line.
///
/// The shared copy separates gene groups with `////` and carries some stray prompt text; lines
/// that are not `SYMBOL: text` are skipped and counted, not treated as errors. A gene listed twice
/// keeps its first summary. Coverage is partial: a missing summary says nothing about the gene.
public struct GeneSummaries: Sendable {
    public let source: String
    /// Symbol (as the file spells it) to summary text.
    public let texts: [String: String]
    /// Lines that were not `SYMBOL: text`.
    public let skippedLines: Int

    public init(path: String, source: String) throws {
        let text = try DelimitedText(path: path)
        var texts: [String: String] = [:]
        var skipped = 0
        for line in text.lines {
            guard let colon = line.text.range(of: ": "),
                  case let symbol = line.text[..<colon.lowerBound], Self.looksLikeSymbol(symbol) else {
                skipped += 1
                continue
            }
            if texts[String(symbol)] == nil { texts[String(symbol)] = String(line.text[colon.upperBound...]) }
        }
        guard !texts.isEmpty else { throw text.error(nil, .empty(what: "summary file")) }
        self.source = source
        self.texts = texts
        skippedLines = skipped
    }

    init(source: String, texts: [String: String]) {
        self.source = source
        self.texts = texts
        skippedLines = 0
    }

    /// Letters, digits, '-', '.', '_'; starting with a letter or digit; no spaces.
    static func looksLikeSymbol(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter || first.isNumber, text.count <= 30 else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }
    }

    func mapped(_ rename: (String) -> String) -> GeneSummaries {
        var renamed: [String: String] = [:]
        for (symbol, text) in texts where renamed[rename(symbol)] == nil { renamed[rename(symbol)] = text }
        return GeneSummaries(source: source, texts: renamed)
    }
}
