import Exams
import Providers
import Support

/// What a case-answer run asks, recorded as the run's parameters so that a resume asks exactly
/// the same: the set, how many of its open-ended items, and the sampling (greedy by default).
public struct CaseAnswerSettings: Equatable, Sendable {
    public var dataset: DatasetReference
    /// The first `limit` open-ended items, in the set's order; all when nil.
    public var limit: Int?
    public var maxTokens: Int
    public var temperature: Double
    public var seed: UInt64

    public init(dataset: DatasetReference, limit: Int? = nil, maxTokens: Int = 512, temperature: Double = 0, seed: UInt64 = 0) {
        self.dataset = dataset
        self.limit = limit
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seed = seed
    }

    /// A setting that cannot work, named; nil when all are usable.
    public func problem() -> String? {
        if let limit, limit < 1 { return "limit must be at least 1, found \(limit)" }
        if maxTokens < 1 { return "max tokens must be at least 1, found \(maxTokens)" }
        if !(temperature >= 0 && temperature.isFinite) { return "temperature must be >= 0, found \(temperature)" }
        return nil
    }

    public var sampling: Sampling { Sampling(temperature: temperature, maxTokens: maxTokens, seed: seed) }

    /// The set's open-ended items asked, in the set's order. Throws when the set has none.
    public func selectItems(_ dataset: ExamDataset) throws -> [ExamItem] {
        let open = dataset.items.filter { $0.format == .openEnded }
        if open.isEmpty {
            throw ExamRunError.noItems(dataset: dataset.name, reason: "it has no open-ended item among its \(dataset.items.count); "
                                       + "case answers are free text (multiple-choice sets run with consilium bench run)")
        }
        return limit.map { Array(open.prefix($0)) } ?? open
    }

    // MARK: Stored form

    public var json: JSONValue {
        [
            "dataset": dataset.json, "limit": limit.map { .number(Double($0)) } ?? .null,
            "maxTokens": .number(Double(maxTokens)), "temperature": .number(temperature),
            // A string: UInt64 exceeds a double's 53 bits.
            "seed": .string(String(seed)),
        ]
    }

    public init(json: JSONValue) throws {
        guard let datasetJSON = json["dataset"] else { throw ExamRunError.corruptRecord(field: "settings.dataset", reason: "missing") }
        guard let maxTokens = json["maxTokens"]?.intValue, let temperature = json["temperature"]?.numberValue,
              let seed = json["seed"]?.stringValue.flatMap({ UInt64($0) }) else {
            throw ExamRunError.corruptRecord(field: "settings", reason: "maxTokens, temperature or seed missing or of the wrong type")
        }
        self.init(dataset: try DatasetReference(json: datasetJSON), limit: json["limit"]?.intValue, maxTokens: maxTokens,
                  temperature: temperature, seed: seed)
    }
}
