/// Reads the free-text alterations molecular reports write ("PIK3CA p.E545K (AF 25%)",
/// "MET Amplification FISH positive", "FGFR2::BICC1 Fusion", "ERBB2 RNA overexpression (RPKM
/// tumor 45 v 1.8 control)") into typed alterations. What it cannot read it returns with the reason;
/// callers report it and never drop it.
public enum AlterationTextParser {
    public enum Outcome: Equatable, Sendable {
        case parsed([Alteration])
        case unparsed(text: String, reason: String)
    }

    /// One item of a report. A cell holding several items joined by ", " ("PRKDC-CDH17 fusion,
    /// EXT1-MAGI2 fusion") yields each of them when every part reads on its own.
    public static func parse(_ text: String, origin: AlterationOrigin = .unknown) -> Outcome {
        switch parseOne(text, origin: origin) {
        case .success(let alteration): return .parsed([alteration])
        case .failure(let failure):
            let parts = text.split(separator: ",").map { String($0).trimmingSpaces }
            if parts.count > 1 {
                let alterations = parts.compactMap { try? parseOne($0, origin: origin).get() }
                if alterations.count == parts.count { return .parsed(alterations) }
            }
            return .unparsed(text: text, reason: failure.reason)
        }
    }

    struct Failure: Error { let reason: String }

    static func parseOne(_ text: String, origin: AlterationOrigin) -> Result<Alteration, Failure> {
        let label = text.trimmingSpaces
        let (body, notes) = splitParentheticals(label)
        var vaf: Double?
        var copies: Double?
        for note in notes {
            let lower = note.lowercased()
            if lower.hasPrefix("af ") || lower.hasPrefix("vaf ") {
                guard let percent = Double(lower.split(separator: " ").last.map { $0.replacingAll("%", "") } ?? ""),
                      (0...100).contains(percent)
                else { return .failure(Failure(reason: "allele fraction \"\(note)\" is not a percentage")) }
                vaf = percent / 100
            } else if lower.hasPrefix("n>") || lower.hasPrefix("n="), let n = Double(lower.dropFirst(2)) {
                copies = n
            }
            // Other notes ("1N", "2N_LOH", "RPKM tumor 45 v 1.8 control") stay in the label only.
        }
        let words = body.split(separator: " ").map(String.init)
        guard let first = words.first else { return .failure(Failure(reason: "empty")) }
        let lowerWords = words.map { $0.lowercased() }
        func make(_ kind: AlterationKind) -> Result<Alteration, Failure> {
            .success(Alteration(kind: kind, origin: origin, alleleFraction: vaf, label: label))
        }

        if lowerWords.last == "fusion" {
            let names = words.dropLast().joined(separator: " ")
            let separators: [String] = ["::", "-", "/"]
            guard let separator = separators.first(where: { names.contains($0) }) ?? (words.count == 2 ? "::" : nil) else {
                return .failure(Failure(reason: "fusion partners \"\(names)\" are not written as A::B or A-B"))
            }
            let partners = names.components(separatedBy: separator).compactMap(GeneSymbol.init)
            guard !partners.isEmpty, partners.count == names.components(separatedBy: separator).count else {
                return .failure(Failure(reason: "fusion partners \"\(names)\" are not gene symbols"))
            }
            return make(.fusion(partners: partners))
        }
        guard let gene = GeneSymbol(first) else {
            return .failure(Failure(reason: "\"\(first)\" is not a gene symbol"))
        }
        let rest = Array(lowerWords.dropFirst())
        if let word = rest.first(where: { ["amplification", "amplified", "amp", "gain"].contains($0) }), rest.first == word {
            return make(.copyNumber(gene: gene, change: .amplification, copies: copies))
        }
        if rest.first == "deletion" || rest.first == "loss" || rest == ["homozygous", "deletion"] {
            return make(.copyNumber(gene: gene, change: .deletion, copies: copies))
        }
        if rest.contains("overexpression") || rest.contains("over-expression") {
            return make(.expression(gene: gene, change: .overexpression))
        }
        if rest.contains("underexpression") || rest.contains("under-expression") {
            return make(.expression(gene: gene, change: .underexpression))
        }
        guard !rest.isEmpty else { return .failure(Failure(reason: "no change after the gene \"\(first)\"")) }
        let change = words.dropFirst().joined(separator: " ")
        if rest.count == 1, rest[0].hasPrefix("c.") {
            return make(.sequenceVariant(gene: gene, protein: nil, coding: String(words[1])))
        }
        guard let protein = ProteinChange(parsing: change) else {
            return .failure(Failure(reason: "\"\(change)\" is not a protein change, copy-number change, fusion or expression change"))
        }
        return make(.sequenceVariant(gene: gene, protein: protein, coding: nil))
    }

    /// "PIK3CA p.E545K (AF 25%)" -> ("PIK3CA p.E545K", ["AF 25%"]). An unclosed "(" runs to the end,
    /// as in the source's "(RPKM tumor 14.2 v 0.4 control".
    static func splitParentheticals(_ text: String) -> (body: String, notes: [String]) {
        var body = ""
        var notes: [String] = []
        var current: String?
        for c in text {
            if c == "(", current == nil { current = ""; continue }
            if c == ")", let note = current { notes.append(note.trimmingSpaces); current = nil; continue }
            if current != nil { current?.append(c) } else { body.append(c) }
        }
        if let note = current { notes.append(note.trimmingSpaces) }
        return (body.split(separator: " ").joined(separator: " "), notes)
    }
}

extension StringProtocol {
    func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
