/// The most frequent answer among repeats (replicates, ensemble members), with ties broken by a
/// rule fixed in advance so that the same votes always give the same winner.
public struct MajorityVote<Choice: Hashable & Sendable>: Sendable {
    public enum TieBreak: Sendable {
        /// Among the tied, the choice whose first vote came earliest in `votes`.
        case firstVoted
        /// Among the tied, the one earliest in this list; tied choices not in it lose to listed
        /// ones and fall back to `firstVoted` among themselves.
        case preferenceOrder([Choice])
    }

    public let winner: Choice
    public let winnerVotes: Int
    public let totalVotes: Int
    /// Every choice with the top count, winner first, then in tie-break order; one element when
    /// there was no tie.
    public let tiedChoices: [Choice]

    public var isTie: Bool { tiedChoices.count > 1 }

    /// winnerVotes / totalVotes.
    public var share: Double { Double(winnerVotes) / Double(totalVotes) }

    /// Throws on no votes.
    public init(votes: [Choice], tieBreak: TieBreak = .firstVoted) throws {
        try requireCount(votes, atLeast: 1, "votes")
        var counts: [Choice: Int] = [:]
        var firstSeen: [Choice: Int] = [:]
        for (index, vote) in votes.enumerated() {
            counts[vote, default: 0] += 1
            if firstSeen[vote] == nil { firstSeen[vote] = index }
        }
        let top = counts.values.max() ?? 0
        let preference: [Choice: Int]
        if case .preferenceOrder(let order) = tieBreak {
            preference = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        } else {
            preference = [:]
        }
        // Unlisted choices rank after every listed one (Int.max), then by first vote.
        let tied = counts.filter { $0.value == top }.keys.sorted { a, b in
            let pa = preference[a] ?? Int.max, pb = preference[b] ?? Int.max
            if pa != pb { return pa < pb }
            return (firstSeen[a] ?? 0) < (firstSeen[b] ?? 0)
        }
        tiedChoices = tied
        winner = tied[0]
        winnerVotes = top
        totalVotes = votes.count
    }
}
