import Foundation

/// Gene sets from GMT files (MSigDB, Reactome) and plain gene lists.
public enum GeneSetFile {
    /// A GMT file: one set per line, `name<TAB>description<TAB>gene<TAB>gene...`. Empty trailing
    /// cells are ignored; a set with no genes or a name used twice is an error naming the line.
    public static func gmt(path: String) throws -> [GeneModule] {
        try gmt(text: DelimitedText(path: path))
    }

    static func gmt(text: DelimitedText) throws -> [GeneModule] {
        var sets: [GeneModule] = []
        var firstLine: [String: Int] = [:]
        for line in text.lines {
            let fields = DelimitedText.tabFields(line.text).map { String($0).trimmed }
            guard fields.count >= 2, !fields[0].isEmpty else {
                throw text.error(line, .malformedRow("expected name, description and genes separated by tabs"))
            }
            if let first = firstLine[fields[0]] {
                throw text.error(line, .duplicate(key: fields[0], firstLine: first))
            }
            firstLine[fields[0]] = line.number
            var genes = OrderedSymbols()
            fields.dropFirst(2).filter { !$0.isEmpty }.forEach { genes.add($0) }
            guard !genes.symbols.isEmpty else { throw text.error(line, .empty(what: "gene set \"\(fields[0])\"")) }
            sets.append(GeneModule(id: fields[0], title: fields[1].isEmpty ? nil : fields[1], symbols: genes.symbols))
        }
        guard !sets.isEmpty else { throw text.error(nil, .empty(what: "GMT file")) }
        return sets
    }

    /// A plain list: symbols separated by newlines, tabs, commas or spaces; `#` starts a comment.
    /// The module's id is `name`.
    public static func plainList(path: String, name: String) throws -> GeneModule {
        try plainList(text: DelimitedText(path: path), name: name)
    }

    static func plainList(text: DelimitedText, name: String) throws -> GeneModule {
        var genes = OrderedSymbols()
        for line in text.lines {
            let content = line.text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in content.split(whereSeparator: { $0 == "," || $0 == "\t" || $0 == " " }) {
                let symbol = token.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if symbol.isEmpty { continue }
                guard symbol.allSatisfy({ !$0.isWhitespace && !$0.isNewline }) else {
                    throw text.error(line, .malformedRow("\"\(symbol)\" is not a gene symbol"))
                }
                genes.add(symbol)
            }
        }
        guard !genes.symbols.isEmpty else { throw text.error(nil, .empty(what: "gene list")) }
        return GeneModule(id: name, symbols: genes.symbols)
    }
}
