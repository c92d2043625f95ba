/// Close matches for a mistyped identifier, for "did you mean" hints.
enum Suggestions {
    /// Up to `limit` candidates within edit distance 2 of `word` (case-insensitive), nearest first,
    /// ties in the candidates' order.
    static func near(_ word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(word.uppercased())
        let scored = candidates.enumerated().compactMap { index, candidate -> (Int, Int, String)? in
            let distance = editDistance(target, Array(candidate.uppercased()))
            return distance <= 2 ? (distance, index, candidate) : nil
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    /// Levenshtein distance, two rows at a time.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
