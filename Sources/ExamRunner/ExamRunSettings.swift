import Exams
import Provenance
import Providers
import Support

/// What a run asks, all of it recorded as the run's parameters: the set and which of its items,
/// the mode, the prompt and extractor versions, shuffling, repeats, k-shot and sampling. A resumed
/// run reads these back, so it asks exactly what the first process asked.
public struct ExamRunSettings: Equatable, Sendable {
    public var dataset: DatasetReference
    public var mode: ExamPrompt.Mode
    /// Only items whose tag has this value (`subject=anatomy`), all when empty.
    public var tagFilter: [String: String]
    /// The first `limit` items after the tag filter, in the set's order.
    public var limit: Int?
    /// Options shown in a per-item shuffled order with this seed; nil shows them as stored.
    public var shuffleSeed: UInt64?
    /// Replies per item, combined by majority vote (generate mode).
    public var repeats: Int
    /// Solved exemplars before each item, where the set has them.
    public var shots: Int
    /// Repeat r (0-based) is asked with seed `sampling.seed + r`.
    public var temperature: Double
    public var maxTokens: Int
    public var seed: UInt64
    /// `ExamPrompt.version` when the run was created; a resume refuses a changed prompt.
    public private(set) var promptVersion = ExamPrompt.version

    public init(dataset: DatasetReference, mode: ExamPrompt.Mode, tagFilter: [String: String] = [:], limit: Int? = nil,
                shuffleSeed: UInt64? = nil, repeats: Int = 1, shots: Int = 0, temperature: Double = 0,
                maxTokens: Int = 256, seed: UInt64 = 0) {
        self.dataset = dataset
        self.mode = mode
        self.tagFilter = tagFilter
        self.limit = limit
        self.shuffleSeed = shuffleSeed
        self.repeats = repeats
        self.shots = shots
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
    }

    /// A setting that cannot work, named; nil when all are usable.
    public func problem() -> String? {
        if repeats < 1 { return "repeats must be at least 1, found \(repeats)" }
        if shots < 0 { return "shots must be 0 or more, found \(shots)" }
        if let limit, limit < 1 { return "limit must be at least 1, found \(limit)" }
        if maxTokens < 1 { return "max tokens must be at least 1, found \(maxTokens)" }
        if !(temperature >= 0 && temperature.isFinite) { return "temperature must be >= 0, found \(temperature)" }
        if mode != .generate, repeats > 1 {
            return "repeats apply to generate mode; \(mode.commandName) reads one deterministic distribution per item"
        }
        return nil
    }

    /// The items a run asks, in the set's order.
    public func selectItems(_ dataset: ExamDataset) -> [ExamItem] {
        let kept = dataset.items.filter { item in
            item.format != .openEnded && tagFilter.allSatisfy { item.tags[$0.key] == $0.value }
        }
        return limit.map { Array(kept.prefix($0)) } ?? kept
    }

    /// The sampling of repeat `index` (0-based).
    public func sampling(repeat index: Int) -> Sampling {
        Sampling(temperature: temperature, maxTokens: maxTokens, seed: seed &+ UInt64(index))
    }

    public var shuffle: OptionShuffle? { shuffleSeed.map(OptionShuffle.init(seed:)) }

    // MARK: Stored form

    public var json: JSONValue {
        [
            "dataset": dataset.json, "mode": .string(mode.rawValue),
            "tagFilter": .object(tagFilter.mapValues { .string($0) }),
            "limit": limit.map { .number(Double($0)) } ?? .null,
            // Seeds as strings: UInt64 exceeds a double's 53 bits.
            "shuffleSeed": shuffleSeed.map { .string(String($0)) } ?? .null,
            "repeats": .number(Double(repeats)), "shots": .number(Double(shots)),
            "temperature": .number(temperature), "maxTokens": .number(Double(maxTokens)), "seed": .string(String(seed)),
            "promptVersion": .string(promptVersion),
        ]
    }

    public init(json: JSONValue) throws {
        func need<T>(_ field: String, _ value: T?) throws -> T {
            guard let value else { throw ExamRunError.corruptRecord(field: field, reason: "missing or of the wrong type") }
            return value
        }
        guard let datasetJSON = json["dataset"] else { throw ExamRunError.corruptRecord(field: "dataset", reason: "missing") }
        dataset = try DatasetReference(json: datasetJSON)
        let modeName = try need("mode", json["mode"]?.stringValue)
        mode = try need("mode", ExamPrompt.Mode(rawValue: modeName))
        tagFilter = (json["tagFilter"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        limit = json["limit"]?.intValue
        shuffleSeed = try json["shuffleSeed"]?.stringValue.map { try need("shuffleSeed", UInt64($0)) }
        repeats = try need("repeats", json["repeats"]?.intValue)
        shots = try need("shots", json["shots"]?.intValue)
        temperature = try need("temperature", json["temperature"]?.numberValue)
        maxTokens = try need("maxTokens", json["maxTokens"]?.intValue)
        seed = try need("seed", json["seed"]?.stringValue.flatMap { UInt64($0) })
        promptVersion = try need("promptVersion", json["promptVersion"]?.stringValue)
    }
}
