import Support

/// Close matches for a mistyped identifier, for "did you mean" hints.
enum Suggestions {
    /// Up to `limit` candidates within edit distance 2 of `word` (case-insensitive), nearest first,
    /// ties in the candidates' order.
    static func near(_ word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = word.uppercased()
        let scored = candidates.enumerated().compactMap { index, candidate -> (Int, Int, String)? in
            let distance = EditDistance.levenshtein(target, candidate.uppercased())
            return distance <= 2 ? (distance, index, candidate) : nil
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }
}
