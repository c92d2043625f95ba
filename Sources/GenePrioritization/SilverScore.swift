import Scoring
import Support

/// One criterion's mean scores over a group of genes (a module, or every scored gene of the run)
/// measured against a silver set: does the model score the set's genes higher than the others?
public struct SilverScore: Sendable {
    public struct AtK: Sendable {
        public let k: Int
        /// Expected over random orders of tied scores (`BinaryScores.expectedHits`).
        public let precision: Double
        public let recall: Double?
    }

    public let set: String
    public let criterion: String
    public let genes: Int
    public let positives: Int
    /// nil without both members and non-members among the genes.
    public let areaUnderROC: Double?
    /// nil without members among the genes.
    public let averagePrecision: Double?
    public let atK: [AtK]

    /// The cut-offs reported; a cut-off above the gene count becomes the gene count.
    public static let cutoffs = [5, 10]

    /// - Parameter means: gene to the criterion's mean score over its replicates.
    public init(set: SilverSet, means: [String: Double]) throws {
        let genes = means.keys.sorted()
        let binary = try BinaryScores(scores: genes.map { means[$0] ?? 0 }, positives: genes.map(set.members.contains))
        self.set = set.spec.name
        criterion = set.spec.criterion
        self.genes = genes.count
        positives = binary.positiveCount
        areaUnderROC = binary.areaUnderROC
        averagePrecision = binary.averagePrecision
        var seen = Set<Int>()
        atK = try Self.cutoffs.map { min($0, genes.count) }.filter { seen.insert($0).inserted }.map { k in
            AtK(k: k, precision: try binary.precision(atK: k), recall: try binary.recall(atK: k))
        }
    }

    /// Scores for every silver set over the genes of `means` (gene to criterion key to mean);
    /// empty when no gene was scored.
    static func all(_ sets: [SilverSet], means: [String: [String: Double]]) throws -> [SilverScore] {
        guard !means.isEmpty else { return [] }
        return try sets.map { set in
            try SilverScore(set: set, means: means.compactMapValues { $0[set.spec.criterion] })
        }
    }

    public var jsonValue: JSONValue {
        let optional = { (value: Double?) in value.map(JSONValue.number) ?? .null }
        return .object([
            "set": .string(set), "criterion": .string(criterion),
            "genes": .number(Double(genes)), "positives": .number(Double(positives)),
            "auroc": optional(areaUnderROC), "average_precision": optional(averagePrecision),
            "at_k": .array(atK.map { .object(["k": .number(Double($0.k)), "precision": .number($0.precision), "recall": optional($0.recall)]) }),
        ])
    }
}
