import Foundation
import Scoring
import Support

/// A set of scoring criteria with weights, read from `Prompts/criteria/NAME.json`: the baseline
/// weights used for the ranking and the alternative weightings shown in the sensitivity table.
public struct CriteriaPreset: Sendable {
    public struct Criterion: Equatable, Sendable {
        /// The field name used in results ("erythroid").
        public let key: String
        /// The wording the model sees.
        public let description: String
    }

    public let id: String
    public let file: String
    public let criteria: [Criterion]
    public let weights: CriterionWeights
    public let alternatives: [(name: String, weights: CriterionWeights)]
    /// Published top candidates per module id, to score a ranking against.
    public let references: [Reference]
    /// Silver standards for single criteria, measured against the criterion's mean scores.
    public let silverSets: [SilverSet.Spec]

    public struct Reference: Equatable, Sendable {
        public let module: String
        public let source: String
        public let genes: [String]
    }

    /// The flow's score schema asks for exactly this many scores, in the preset's order.
    public static let criterionCount = 6

    /// Reads `directory/NAME.json`; every problem names the file and the JSON path.
    public static func load(named name: String, directory: URL) throws -> CriteriaPreset {
        let url = directory.appendingPathComponent(name + ".json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            throw GeneJobError.input(source: url.path, reason: "no criteria preset \"\(name)\" (known: \(known.joined(separator: ", ")))")
        }
        return try CriteriaPreset(data: data, file: url.path)
    }

    public init(data: Data, file: String) throws {
        self.file = file
        let fail = { (path: String, reason: String) in GeneJobError.input(source: "\(file): \(path)", reason: reason) }
        let root: JSONValue
        do { root = try JSONValue(parsing: data) } catch { throw fail("$", "invalid JSON: \(error)") }
        guard let id = root["id"]?.stringValue else { throw fail("$.id", "expected a string") }
        guard let list = root["criteria"]?.arrayValue, list.count == Self.criterionCount else {
            throw fail("$.criteria", "expected a list of \(Self.criterionCount) criteria (the flow's score schema asks for that many)")
        }
        var criteria: [Criterion] = []
        var weights: [(name: String, weight: Double)] = []
        for (index, item) in list.enumerated() {
            guard let key = item["key"]?.stringValue, let text = item["description"]?.stringValue,
                  let weight = item["weight"]?.numberValue else {
                throw fail("$.criteria[\(index)]", "expected key (string), description (string) and weight (number)")
            }
            criteria.append(Criterion(key: key, description: text))
            weights.append((key, weight))
        }
        self.id = id
        self.criteria = criteria
        do { self.weights = try CriterionWeights(weights) } catch { throw fail("$.criteria", "\(error)") }
        var alternatives: [(name: String, weights: CriterionWeights)] = []
        for (index, item) in (root["alternatives"]?.arrayValue ?? []).enumerated() {
            guard let name = item["name"]?.stringValue, let members = item["weights"]?.objectValue else {
                throw fail("$.alternatives[\(index)]", "expected name (string) and weights (object)")
            }
            var pairs: [(name: String, weight: Double)] = []
            for criterion in criteria {
                guard let weight = members[criterion.key]?.numberValue else {
                    throw fail("$.alternatives[\(index)].weights", "missing a number for \"\(criterion.key)\"")
                }
                pairs.append((criterion.key, weight))
            }
            do { alternatives.append((name, try CriterionWeights(pairs))) } catch { throw fail("$.alternatives[\(index)].weights", "\(error)") }
        }
        self.alternatives = alternatives
        references = try (root["references"]?.arrayValue ?? []).enumerated().map { index, item in
            guard let module = item["module"]?.stringValue, let source = item["source"]?.stringValue,
                  let genes = item["genes"]?.arrayValue?.compactMap(\.stringValue), !genes.isEmpty else {
                throw fail("$.references[\(index)]", "expected module (string), source (string) and genes (non-empty list of strings)")
            }
            return Reference(module: module, source: source, genes: genes)
        }
        silverSets = try SilverSet.specs(root["silver_sets"]?.arrayValue ?? [], criteria: criteria.map(\.key), fail: fail)
    }

    /// The flow input `criteria`.
    public var flowInput: JSONValue {
        .array(criteria.map { .object(["key": .string($0.key), "description": .string($0.description)]) })
    }
}
