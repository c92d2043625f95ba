/// Ranks of scores with ties, aligned with the input (rank 1 is the best).
public enum Ranking {
    /// Which end of the scale is best: higher totals for genes, lower for distances.
    public enum Direction: Sendable { case highestFirst, lowestFirst }

    /// Indices of `scores` from best to worst; ties keep their input order, so the order is
    /// deterministic for a deterministic input.
    public static func order(_ scores: [Double], _ direction: Direction = .highestFirst,
                             argument: String = "scores") throws -> [Int] {
        try requireFinite(scores, argument)
        return orderFinite(scores, direction)
    }

    /// `order` for scores already checked finite (NaN would break the sort's ordering).
    static func orderFinite(_ scores: [Double], _ direction: Direction) -> [Int] {
        scores.indices.sorted { a, b in
            if scores[a] != scores[b] {
                return direction == .highestFirst ? scores[a] > scores[b] : scores[a] < scores[b]
            }
            return a < b
        }
    }

    /// "1224" ranking: tied scores share the best rank of their group, and the next rank skips.
    public static func competitionRanks(_ scores: [Double], _ direction: Direction = .highestFirst,
                                        argument: String = "scores") throws -> [Int] {
        try requireFinite(scores, argument)
        return competitionRanksFinite(scores, direction)
    }

    static func competitionRanksFinite(_ scores: [Double], _ direction: Direction = .highestFirst) -> [Int] {
        var ranks = [Int](repeating: 0, count: scores.count)
        for group in tiedGroupsFinite(scores, direction) {
            for index in group.indices { ranks[index] = group.start + 1 }
        }
        return ranks
    }

    /// "1223" ranking: tied scores share a rank, and the next rank follows without a gap.
    public static func denseRanks(_ scores: [Double], _ direction: Direction = .highestFirst,
                                  argument: String = "scores") throws -> [Int] {
        try requireFinite(scores, argument)
        return denseRanksFinite(scores, direction)
    }

    static func denseRanksFinite(_ scores: [Double], _ direction: Direction = .highestFirst) -> [Int] {
        var ranks = [Int](repeating: 0, count: scores.count)
        for (number, group) in tiedGroupsFinite(scores, direction).enumerated() {
            for index in group.indices { ranks[index] = number + 1 }
        }
        return ranks
    }

    /// "1 2.5 2.5 4" ranking: tied scores share the mean of the ranks they span, as rank
    /// correlations need (scipy's `rankdata(method="average")`).
    public static func averageRanks(_ scores: [Double], _ direction: Direction = .highestFirst,
                                    argument: String = "scores") throws -> [Double] {
        try requireFinite(scores, argument)
        return averageRanksFinite(scores, direction)
    }

    static func averageRanksFinite(_ scores: [Double], _ direction: Direction) -> [Double] {
        var ranks = [Double](repeating: 0, count: scores.count)
        for group in tiedGroupsFinite(scores, direction) {
            // Positions start+1 ... start+count, whose mean is start + (count + 1) / 2.
            let mean = Double(group.start) + Double(group.indices.count + 1) / 2
            for index in group.indices { ranks[index] = mean }
        }
        return ranks
    }

    struct TiedGroup {
        /// Zero-based position of the group's first member in the sorted order.
        let start: Int
        let indices: [Int]
    }

    static func tiedGroupsFinite(_ scores: [Double], _ direction: Direction) -> [TiedGroup] {
        let sorted = orderFinite(scores, direction)
        var groups: [TiedGroup] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && scores[sorted[end]] == scores[sorted[start]] { end += 1 }
            groups.append(TiedGroup(start: start, indices: Array(sorted[start..<end])))
            start = end
        }
        return groups
    }
}
