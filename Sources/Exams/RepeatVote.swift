import Scoring

/// Several replies to the same item (repeats at temperature > 0, or an ensemble) combined by
/// majority vote over the labels read from them (Scoring's `MajorityVote`, ties to the label
/// voted first). Replies with no label do not vote; if none has a label, the item's outcome is
/// the first reply's failure, so a failed item stays visible as one.
public struct RepeatVote: Sendable {
    public let outcome: ItemOutcome
    /// Votes for the winner over replies that gave a label; nil when none did.
    public let share: Double?
    public let isTie: Bool
    public let replies: Int
    public let labelledReplies: Int

    /// Throws on no replies or when the replies are for different items.
    public init(_ scored: [ScoredItem], key: String?) throws {
        guard let first = scored.first else {
            throw ScoringError.tooFew(argument: "scored", minimum: 1, found: 0)
        }
        if let other = scored.first(where: { $0.itemID != first.itemID }) {
            throw ScoringError.invalid(argument: "scored", reason: "replies for items \(first.itemID) and \(other.itemID) mixed")
        }
        let labels = scored.compactMap(\.outcome.predictedLabel)
        replies = scored.count
        labelledReplies = labels.count
        if labels.isEmpty {
            outcome = first.outcome
            share = nil
            isTie = false
            return
        }
        let vote = try MajorityVote(votes: labels)
        outcome = vote.winner == key ? .correct(label: vote.winner) : .wrong(label: vote.winner)
        share = vote.share
        isTie = vote.isTie
    }
}
