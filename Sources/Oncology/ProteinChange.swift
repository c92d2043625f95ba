/// A protein-level change in one-letter HGVS short form without the "p." prefix: "V600E",
/// "R238*", "E746_A750del", "T949_E950insT", "K577_L578delinsTKL", "K83fs".
///
/// `p.V600E`, `V600E`, `p.Val600Glu` and `p.(Val600Glu)` all read as "V600E". Frameshifts keep
/// only the first changed residue ("p.K83Tfs*13" is "K83fs"): the new residue and the distance to
/// the stop codon differ between callers and transcripts for the same event, and knowledge bases
/// list frameshifts by position.
public struct ProteinChange: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case missense, nonsense, synonymous, frameshift, deletion, insertion, deletionInsertion, duplication
    }

    public let kind: Kind
    /// The one-letter canonical form.
    public let canonical: String
    /// The reference residue at the first position (nil when the source gave only a number, as in "p.305fs").
    public let referenceResidue: Character?
    /// The first affected codon.
    public let position: Int

    public var description: String { canonical }
    /// "p." + the canonical form, as HGVS writes it.
    public var hgvs: String { "p." + canonical }

    /// nil when `text` is not a protein change this reader understands; the caller keeps the text.
    public init?(parsing text: String) {
        var reader = ProteinChangeReader(text)
        guard let parsed = reader.read() else { return nil }
        self = parsed
    }

    /// A codon without a change, as knowledge bases write "any change here": "p.G12", "G12".
    public static func codon(_ text: String) -> (residue: Character, position: Int)? {
        var s = Substring(text.trimmingSpaces)
        if s.lowercased().hasPrefix("p.") { s = s.dropFirst(2) }
        guard let residue = s.first, AminoAcid.letters.contains(residue), residue != "*",
              let position = Int(s.dropFirst()), position > 0, s.count <= 7 else { return nil }
        return (residue, position)
    }

    init(kind: Kind, canonical: String, referenceResidue: Character?, position: Int) {
        self.kind = kind
        self.canonical = canonical
        self.referenceResidue = referenceResidue
        self.position = position
    }
}

/// Amino-acid codes: three-letter to one-letter, "Ter" and "X" as the stop "*".
enum AminoAcid {
    static let oneLetter: [String: Character] = [
        "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G",
        "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S",
        "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Sec": "U", "Pyl": "O", "Ter": "*",
    ]
    static let letters: Set<Character> = Set(oneLetter.values)
}

/// A hand-written scanner over the few HGVS protein forms reports use; anything else is nil.
struct ProteinChangeReader {
    private var chars: [Character]
    private var index = 0

    init(_ text: String) {
        var s = Substring(text.trimmingSpaces)
        if s.lowercased().hasPrefix("p.") { s = s.dropFirst(2) }
        if s.hasPrefix("("), s.hasSuffix(")") { s = s.dropFirst().dropLast() }
        chars = ProteinChangeReader.oneLetterCodes(String(s))
    }

    /// Replaces three-letter residues ("Val600Glu", "Lys83ThrfsTer13") by one-letter ones; suffix
    /// words (fs, del, ins, dup) start in lower case and are left alone.
    private static func oneLetterCodes(_ text: String) -> [Character] {
        let input = Array(text)
        var out: [Character] = []
        var i = 0
        while i < input.count {
            if i + 2 < input.count, input[i].isUppercase,
               let letter = AminoAcid.oneLetter[String(input[i...(i + 2)])] {
                out.append(letter)
                i += 3
            } else {
                out.append(input[i])
                i += 1
            }
        }
        return out
    }

    mutating func read() -> ProteinChange? {
        let firstResidue = residue()
        guard let firstPosition = number() else { return nil }
        var start = (firstResidue.map(String.init) ?? "") + String(firstPosition)
        var isRange = false
        if peek("_") {
            index += 1
            guard let endResidue = residue(), let endPosition = number() else { return nil }
            start += "_\(endResidue)\(endPosition)"
            isRange = true
        }
        skipSpaces()
        let rest = String(chars[index...])
        let lower = rest.lowercased()
        func make(_ kind: ProteinChange.Kind, _ canonical: String) -> ProteinChange {
            ProteinChange(kind: kind, canonical: canonical, referenceResidue: firstResidue, position: firstPosition)
        }
        // Frameshift: "fs", "Tfs*13", "fsTer7" (already "fs*7"), "fs*12+", "fsX".
        if !isRange, let fs = rest.firstRange(of: "fs"), rest[..<fs.lowerBound].count <= 1,
           rest[..<fs.lowerBound].allSatisfy({ AminoAcid.letters.contains($0) }) {
            return make(.frameshift, start + "fs")
        }
        if lower == "del" || (lower.hasPrefix("del") && !lower.hasPrefix("delins") && Self.isResidues(rest.dropFirst(3))) {
            return make(.deletion, start + "del")
        }
        if lower.hasPrefix("delins"), let inserted = Self.residues(rest.dropFirst(6)) {
            return make(.deletionInsertion, start + "delins" + inserted)
        }
        // "K577_L578 > TKL": the arrow some reports write for a deletion-insertion.
        if rest.hasPrefix(">"), let inserted = Self.residues(rest.dropFirst().drop(while: { $0 == " " })) {
            return make(.deletionInsertion, start + "delins" + inserted)
        }
        if lower.hasPrefix("ins"), let inserted = Self.residues(rest.dropFirst(3)) {
            return make(.insertion, start + "ins" + inserted)
        }
        if lower == "dup" || (lower.hasPrefix("dup") && Self.isResidues(rest.dropFirst(3))) {
            return make(.duplication, start + "dup")
        }
        guard !isRange, firstResidue != nil, rest.count == 1, let alternate = rest.first else { return nil }
        switch alternate {
        case "*", "X": return make(.nonsense, start + "*")
        case "=": return make(.synonymous, start + "=")
        case _ where AminoAcid.letters.contains(alternate):
            return make(alternate == firstResidue ? .synonymous : .missense, start + String(alternate))
        default: return nil
        }
    }

    private mutating func residue() -> Character? {
        guard index < chars.count, AminoAcid.letters.contains(chars[index]) else { return nil }
        index += 1
        return chars[index - 1]
    }

    private mutating func number() -> Int? {
        let start = index
        while index < chars.count, chars[index].isASCII, chars[index].isNumber { index += 1 }
        guard index > start, index - start <= 6 else { return nil }
        return Int(String(chars[start..<index]))
    }

    private mutating func skipSpaces() { while peek(" ") { index += 1 } }
    private func peek(_ c: Character) -> Bool { index < chars.count && chars[index] == c }

    private static func residues<S: StringProtocol>(_ s: S) -> String? {
        let trimmed = s.trimmingSpaces
        guard !trimmed.isEmpty, isResidues(trimmed) else { return nil }
        return trimmed
    }

    private static func isResidues<S: StringProtocol>(_ s: S) -> Bool {
        s.allSatisfy { AminoAcid.letters.contains($0) || $0.isNumber }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line ends.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
