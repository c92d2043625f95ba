import Scoring

/// One run's scores: its name (model and settings) and one scored reply per item.
public struct RunScores: Sendable {
    public let name: String
    public let scored: [ScoredItem]

    public init(name: String, scored: [ScoredItem]) {
        self.name = name
        self.scored = scored
    }

    /// The extractor versions that read these replies (one, unless runs were merged).
    public var extractorVersions: [String] { Array(Set(scored.map(\.extractorVersion))).sorted() }
}

/// Accuracy over a set of scored items, with every kind of failure counted apart.
///
/// The headline accuracy counts every item asked: unparseable, empty, refused and failed calls
/// are wrong there, so a model cannot gain by not answering. Accuracy among parsed items and the
/// parse-failure rate are shown beside it, so that an extraction problem is visible as one.
public struct AccuracySummary: Equatable, Sendable {
    public let itemCount: Int
    public let correct: Int
    public let wrong: Int
    public let unparseable: Int
    public let empty: Int
    public let refusals: Int
    public let transportErrors: Int
    /// correct / itemCount, failures counted wrong.
    public let accuracy: Proportion
    /// Wilson 95% interval of `accuracy`.
    public let interval: Interval
    /// correct / (correct + wrong).
    public let accuracyAmongParsed: Proportion

    public init(_ outcomes: [ItemOutcome]) throws {
        var counts: [String: Int] = [:]
        for outcome in outcomes { counts[outcome.kind, default: 0] += 1 }
        itemCount = outcomes.count
        correct = counts["correct"] ?? 0
        wrong = counts["wrong"] ?? 0
        unparseable = counts["unparseable"] ?? 0
        empty = counts["empty"] ?? 0
        refusals = counts["refusal"] ?? 0
        transportErrors = counts["transport-error"] ?? 0
        accuracy = try Proportion(successes: correct, trials: itemCount)
        interval = try accuracy.wilsonInterval(confidence: 0.95)
        accuracyAmongParsed = try Proportion(successes: correct, trials: correct + wrong)
    }

    /// Replies the extractor could not turn into an option: unparseable, empty or refused.
    public var parseFailures: Int { unparseable + empty + refusals }

    /// parseFailures over the replies that arrived (transport errors are not the model's).
    public var parseFailureRate: Double? {
        let arrived = itemCount - transportErrors
        return arrived == 0 ? nil : Double(parseFailures) / Double(arrived)
    }
}

/// A run's summary over the whole set and per value of one tag, with the controls beside it.
public struct RunReport: Sendable {
    public struct Group: Sendable {
        /// The tag's value ("anatomy"), or "all".
        public let name: String
        public let summary: AccuracySummary
        public let baselines: Baselines
    }

    public let run: String
    public let datasetName: String
    public let datasetIdentity: String
    public let extractorVersions: [String]
    public let overall: Group
    /// Sorted by tag value; empty when no tag was asked for.
    public let byTag: [Group]
    public let tag: String?
    public let histogram: LetterHistogram
    /// Dataset items with no scored reply in the run (an unfinished run).
    public let missingItems: Int

    /// Scores are matched to items by id, in the dataset's order. Throws when a score names an
    /// item the dataset does not have.
    public init(run: RunScores, dataset: ExamDataset, tag: String? = nil) throws {
        let scoreByID = try RunReport.index(run, dataset: dataset)
        let answered = dataset.items.filter { scoreByID[$0.id] != nil }
        func group(_ name: String, _ items: [ExamItem]) throws -> Group {
            Group(name: name, summary: try AccuracySummary(items.compactMap { scoreByID[$0.id]?.outcome }),
                  baselines: Baselines(items: items))
        }
        self.run = run.name
        datasetName = dataset.name
        datasetIdentity = dataset.identity.hex
        extractorVersions = run.extractorVersions
        overall = try group("all", answered)
        self.tag = tag
        if let tag {
            let values = Set(answered.compactMap { $0.tags[tag] }).sorted()
            byTag = try values.map { value in try group(value, answered.filter { $0.tags[tag] == value }) }
        } else {
            byTag = []
        }
        histogram = LetterHistogram(scored: answered.compactMap { scoreByID[$0.id] }, items: answered)
        missingItems = dataset.items.count - answered.count
    }

    static func index(_ run: RunScores, dataset: ExamDataset) throws -> [String: ScoredItem] {
        let known = Set(dataset.items.map(\.id))
        var byID: [String: ScoredItem] = [:]
        for (index, score) in run.scored.enumerated() {
            guard known.contains(score.itemID) else {
                throw DatasetError(file: run.name, reason: "score #\(index) is for item \(score.itemID), not in \(dataset.name)")
            }
            if byID[score.itemID] != nil {
                throw DatasetError(file: run.name, reason: "score #\(index) repeats item \(score.itemID)")
            }
            byID[score.itemID] = score
        }
        return byID
    }
}
