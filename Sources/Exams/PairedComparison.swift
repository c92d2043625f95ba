import Scoring

/// Two runs on the same items: McNemar's exact test, a paired-bootstrap interval of the
/// accuracy difference (first minus second), and the smallest difference this many items could
/// detect at the observed discordance (alpha 0.05, power 0.8).
public struct PairedComparison: Sendable {
    public let name: String
    public let itemCount: Int
    public let firstAccuracy: Proportion
    public let secondAccuracy: Proportion
    public let test: McNemarTest
    public let difference: BootstrapEstimate
    /// nil when no difference is detectable or no item was discordant.
    public let minimumDetectableDifference: Double?

    public init(name: String, firstCorrect: [Bool], secondCorrect: [Bool], bootstrap: Bootstrap) throws {
        self.name = name
        itemCount = firstCorrect.count
        firstAccuracy = Proportion(outcomes: firstCorrect)
        secondAccuracy = Proportion(outcomes: secondCorrect)
        test = try McNemarTest(firstCorrect: firstCorrect, secondCorrect: secondCorrect)
        difference = try bootstrap.accuracyDifference(firstCorrect: firstCorrect, secondCorrect: secondCorrect)
        let psi = Double(test.discordantCount) / Double(itemCount)
        minimumDetectableDifference = psi > 0
            ? try MinimumDetectableDifference.pairedAccuracy(itemCount: itemCount, discordantProportion: psi) : nil
    }
}

/// A paired comparison overall and per tag value, with Holm's correction across the tag values.
public struct ComparisonReport: Sendable {
    public let first: String
    public let second: String
    public let overall: PairedComparison
    public let tag: String?
    public let byTag: [PairedComparison]
    /// Aligned with `byTag`.
    public let holmAdjustedPValues: [Double]
    /// Items scored in only one of the runs, left out of every comparison.
    public let unpairedItems: Int

    /// Items are paired by id in the dataset's order; failures of any kind count as wrong.
    /// Throws when the runs share no item.
    public init(first: RunScores, second: RunScores, dataset: ExamDataset, tag: String? = nil,
                resamples: Int = 10_000, seed: UInt64 = 20_230_707) throws {
        let a = try RunReport.index(first, dataset: dataset)
        let b = try RunReport.index(second, dataset: dataset)
        let paired = dataset.items.filter { a[$0.id] != nil && b[$0.id] != nil }
        if paired.isEmpty {
            throw ScoringError.tooFew(argument: "items scored in both \(first.name) and \(second.name)", minimum: 1, found: 0)
        }
        let bootstrap = try Bootstrap(resamples: resamples, seed: seed)
        func compare(_ name: String, _ items: [ExamItem]) throws -> PairedComparison {
            try PairedComparison(name: name, firstCorrect: items.map { a[$0.id]?.outcome.isCorrect ?? false },
                                 secondCorrect: items.map { b[$0.id]?.outcome.isCorrect ?? false }, bootstrap: bootstrap)
        }
        self.first = first.name
        self.second = second.name
        overall = try compare("all", paired)
        self.tag = tag
        if let tag {
            let values = Set(paired.compactMap { $0.tags[tag] }).sorted()
            byTag = try values.map { value in try compare(value, paired.filter { $0.tags[tag] == value }) }
            holmAdjustedPValues = byTag.isEmpty ? [] : try HolmCorrection(pValues: byTag.map(\.test.pValue)).adjustedPValues
        } else {
            byTag = []
            holmAdjustedPValues = []
        }
        unpairedItems = Set(a.keys).symmetricDifference(b.keys).count
    }
}
