/// Bootstrap percentile intervals of set scores over items (patients, cases): the items are
/// resampled, so the interval reflects which patients happened to be in the set. All four
/// intervals come from the same resamples (one seed).
public struct SetScoreIntervals: Equatable, Sendable {
    /// Resamples where nothing was predicted are undefined and counted in the estimate.
    public let pooledPrecision: BootstrapEstimate
    /// Resamples where nothing was expected are undefined and counted.
    public let pooledRecall: BootstrapEstimate
    public let pooledFScore: BootstrapEstimate
    public let macroFScore: BootstrapEstimate

    /// Throws on no items or a bad confidence.
    public init(items: [MatchCounts], bootstrap: Bootstrap, beta: FBeta = .one, confidence: Double = 0.95) throws {
        try requireCount(items, atLeast: 1, "items")
        func pooled(_ indices: [Int]) -> MatchCounts { indices.reduce(.zero) { $0 + items[$1] } }
        pooledPrecision = try bootstrap.interval(itemCount: items.count, confidence: confidence) { pooled($0).precision }
        pooledRecall = try bootstrap.interval(itemCount: items.count, confidence: confidence) { pooled($0).recall }
        pooledFScore = try bootstrap.interval(itemCount: items.count, confidence: confidence) { pooled($0).fScore(beta) }
        macroFScore = try bootstrap.interval(itemCount: items.count, confidence: confidence) { indices in
            indices.reduce(0.0) { $0 + items[$1].fScore(beta) } / Double(indices.count)
        }
    }
}
