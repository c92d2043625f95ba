/// Edit distance between short words, for "did you mean" hints: options and subcommands, catalog
/// ids, module ids.
public enum EditDistance {
    /// The number of single-character insertions, deletions, substitutions and swaps of two
    /// neighbours needed to turn `a` into `b` (optimal string alignment distance). Swaps count
    /// once because transposed letters are the most common typing slip.
    public static func between(_ a: String, _ b: String) -> Int {
        let source = Array(a), target = Array(b)
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        // rows[i][j]: distance between the first i characters of source and first j of target.
        var rows = [[Int]](repeating: [Int](repeating: 0, count: target.count + 1), count: source.count + 1)
        for i in 0...source.count { rows[i][0] = i }
        for j in 0...target.count { rows[0][j] = j }
        for i in 1...source.count {
            for j in 1...target.count {
                let substitution = source[i - 1] == target[j - 1] ? 0 : 1
                var best = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + substitution)
                if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
                    best = min(best, rows[i - 2][j - 2] + 1)
                }
                rows[i][j] = best
            }
        }
        return rows[source.count][target.count]
    }

    /// The number of single-character insertions, deletions and substitutions that turn `a` into
    /// `b` (Levenshtein distance; a swap of neighbours counts two).
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let source = Array(a), target = Array(b)
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for i in 1...source.count {
            current[0] = i
            for j in 1...target.count {
                let substitution = previous[j - 1] + (source[i - 1] == target[j - 1] ? 0 : 1)
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[target.count]
    }

    /// The candidate nearest to `word` if it is at most `maximum` edits away and closer than
    /// the word's own length (so "-x" does not suggest "-n"); the first declared wins a tie.
    public static func closest(to word: String, among candidates: [String], maximum: Int = 2) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = between(word, candidate)
            guard distance <= maximum, distance < word.count else { continue }
            if let current = best, current.distance <= distance { continue }
            best = (candidate, distance)
        }
        return best?.candidate
    }
}
