/// One item's scores over replicate runs: each criterion's mean and SD, and the weighted total's
/// mean and SD. The total's SD comes from each replicate's own total, so it keeps any
/// correlation between criteria within a run.
public struct ReplicateSummary: Equatable, Sendable {
    public let replicateCount: Int
    /// Per criterion, in the weights' order.
    public let criteria: [String: SampleSummary]
    public let total: SampleSummary

    /// `replicates[r]` holds replicate r's score for every weighted criterion. Throws on no
    /// replicates or a replicate missing, adding or mis-scoring a criterion (naming the replicate).
    public init(replicates: [[String: Double]], weights: CriterionWeights, item: String = "replicates") throws {
        try requireCount(replicates, atLeast: 1, item)
        var totals: [Double] = []
        for (index, scores) in replicates.enumerated() {
            totals.append(try weights.total(of: scores, item: "\(item)[\(index)]"))
        }
        var criteria: [String: SampleSummary] = [:]
        for name in weights.names {
            // total(of:) above has checked that every replicate has a finite score for each name.
            criteria[name] = try SampleSummary(replicates.map { $0[name] ?? .nan }, argument: "\(item) '\(name)'")
        }
        replicateCount = replicates.count
        self.criteria = criteria
        total = try SampleSummary(totals, argument: "\(item) totals")
    }
}
