/// Matches a claim's words against term and set names, by a fixed rule (no embeddings):
///
/// 1. Both texts are normalized to a set of content words: lower case; anything not a letter or
///    digit splits words; British spellings and noun forms are mapped to GO's (`haem` → `heme`,
///    `biosynthesis` → `biosynthetic`, `apoptosis` → `apoptotic`; both sides alike, so a name
///    written with the noun still matches itself); plural `s` is dropped; and
///    filler words that GO names add or omit at will (`process`, `activity`, `of`, `the`...) go.
/// 2. A name matches when its words equal the claim's (score 1), or when all of its words (at
///    least two) occur in the claim, the claim adds no word that changes the meaning (`regulation`,
///    `negative`, `not`...) and the name covers at least half the claim's words (score = shared /
///    claim words). "heme biosynthesis in erythroid cells" thus matches "heme biosynthetic
///    process" (2 of 4), while "regulation of heme biosynthesis" does not.
/// 3. Only the best-scoring names are returned.
public struct TermMatcher: Sendable {
    public struct Match: Equatable, Sendable {
        public let id: String
        public let name: String
        /// 1 for the same words; below 1 for a name contained in a longer claim.
        public let score: Double
    }

    private let names: [(id: String, name: String, words: Set<String>)]
    /// Word to the indices of names holding it.
    private let postings: [String: [Int]]

    public init(names: [(id: String, name: String)]) {
        let entries = names.map { (id: $0.id, name: $0.name, words: Set(Self.words($0.name))) }.filter { !$0.words.isEmpty }
        var postings: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            for word in entry.words { postings[word, default: []].append(index) }
        }
        self.names = entries
        self.postings = postings
    }

    /// The best-matching names for `text`, by id; empty when none passes the rule.
    public func matches(_ text: String) -> [Match] {
        let claim = Set(Self.words(text))
        guard !claim.isEmpty else { return [] }
        var candidates = Set<Int>()
        for word in claim { candidates.formUnion(postings[word] ?? []) }
        var best: [Match] = []
        var bestScore = 0.0
        for index in candidates.sorted() {
            let entry = names[index]
            guard let score = Self.score(claim: claim, name: entry.words), score >= bestScore else { continue }
            if score > bestScore { best = []; bestScore = score }
            best.append(Match(id: entry.id, name: entry.name, score: score))
        }
        return best
    }

    static func score(claim: Set<String>, name: Set<String>) -> Double? {
        if claim == name { return 1 }
        guard name.count >= 2, name.isSubset(of: claim), claim.subtracting(name).isDisjoint(with: modifiers) else {
            return nil
        }
        let score = Double(name.count) / Double(claim.count)
        return score >= 0.5 ? score : nil
    }

    // MARK: Normalization

    /// Words that reverse or qualify a process: a claim holding one beyond the name is not that name.
    static let modifiers: Set<String> = [
        "regulation", "negative", "positive", "inhibition", "suppression", "not", "no", "non", "without",
        "loss", "deficiency", "absence", "independent", "response", "cellular",
    ]

    static let filler: Set<String> = [
        "a", "an", "the", "of", "in", "and", "or", "to", "for", "by", "via", "with", "on", "into", "from",
        "process", "activity", "involved", "role", "plays", "pathway", "its", "is", "as",
        "hallmark", "reactome", "msigdb",
    ]

    /// Spellings mapped to the form GO term names use.
    static let forms: [String: String] = [
        "biosynthesis": "biosynthetic", "synthesis": "biosynthetic", "metabolism": "metabolic",
        "catabolism": "catabolic", "signalling": "signaling", "haem": "heme", "haemoglobin": "hemoglobin",
        "haematopoiesis": "hematopoiesis", "haemopoiesis": "hematopoiesis", "hemopoiesis": "hematopoiesis",
        "mitochondria": "mitochondrion", "nuclei": "nucleus", "localisation": "localization",
        "homoeostasis": "homeostasis", "apoptosis": "apoptotic", "glycolysis": "glycolytic",
        "hemolysis": "hemolytic",
    ]

    /// The content words of `text` in normalized form, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSetASCII.isWordScalar(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map(normalize).filter { !filler.contains($0) }
    }

    static func normalize(_ word: String) -> String {
        if let form = forms[word] { return form }
        var word = word
        if word.hasPrefix("haem") { word = "hem" + word.dropFirst(4) }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            word.removeLast()
        }
        return forms[word] ?? word
    }
}

/// Letters and digits count as word characters; Unicode letters too (Greek "α" in "TNF-α").
enum CharacterSetASCII {
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}
