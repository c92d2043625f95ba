import Genes

/// The GO-naming benchmark's matching rule: does a proposed theme name name the GO term?
///
/// Both names become sets of content words as claim checking reads them (`TermMatcher.words`:
/// lower case, British spellings and noun forms mapped to GO's, plural `s` and filler such as
/// `process`, `of`, `pathway` dropped), and here also `system` and `biological`, which naming
/// prompts invite ("Monosaccharide Transport System"). The overlap is the Dice coefficient
/// 2 |shared| / (|term words| + |name words|); the name names the term at 0.5 or more, so
/// "heme biosynthesis" names "heme biosynthetic process" (1.0) and "Erythrocyte Development and
/// Heme Synthesis" names "erythrocyte development" (2 x 2 / (2 + 4) = 0.67), while a long list of
/// processes that happens to hold the term's words does not. No embeddings: synonyms that share
/// no word ("glucose import" against "monosaccharide transport") count as misses, for every
/// model alike.
public enum NameOverlap {
    /// The least Dice coefficient at which a name names the term.
    public static let threshold = 0.5

    static let namingFiller: Set<String> = ["system", "biological"]

    public static func words(_ text: String) -> Set<String> {
        Set(TermMatcher.words(text)).subtracting(namingFiller)
    }

    /// 2 |shared| / (|a| + |b|) over the content words; 0 when either has none.
    public static func dice(_ a: String, _ b: String) -> Double {
        let first = words(a), second = words(b)
        guard !first.isEmpty, !second.isEmpty else { return 0 }
        return 2 * Double(first.intersection(second).count) / Double(first.count + second.count)
    }

    public static func names(_ proposed: String, term: String) -> Bool {
        dice(proposed, term) >= threshold
    }
}
