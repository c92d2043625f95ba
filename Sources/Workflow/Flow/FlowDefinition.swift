import Support

/// A flow as written in `Prompts/flows/*.json`, decoded but not yet checked. Only a `CheckedFlow`
/// can be planned or run; see FlowChecker. Format: Prompts/README.md.
public struct FlowDefinition: Sendable {
    public var id: String
    public var version: Int
    public var description: String
    public var inputs: [FlowInput]
    public var steps: [FlowStep]
    /// Output name to the value it takes, sorted by name.
    public var outputs: [(name: String, value: Binding, path: JSONPath)]
}

public struct FlowInput: Sendable {
    public var name: String
    /// The schema as written (a `type` shorthand becomes `{"type": ...}`).
    public var schema: JSONValue
    public var path: JSONPath
}

public struct FlowStep: Sendable {
    /// Unique within the flow; empty for the step inside a map (it is named by its map).
    public var name: String
    public var kind: StepKind
    /// Where the step object is in the flow file.
    public var path: JSONPath
}

public indirect enum StepKind: Sendable {
    case model(ModelStep)
    case map(MapStep)
    case transform(TransformStep)
    case score(ScoreStep)

    public var name: String {
        switch self {
        case .model: return "model"
        case .map: return "map"
        case .transform: return "transform"
        case .score: return "score"
        }
    }
}

/// One call (or `replicates` calls) to a model: a rendered prompt whose answer must satisfy a schema.
public struct ModelStep: Sendable {
    public enum SchemaSource: Sendable {
        /// A path relative to the prompts directory.
        case file(String)
        case inline(JSONValue)
    }

    /// Template paths are relative to the prompts directory.
    public var template: String
    public var system: String?
    public var schema: SchemaSource
    /// Template variable name to the value it takes.
    public var inputs: [String: Binding]
    public var sampling: SamplingOverrides
    /// How many independent answers to ask for; above 1 the step's output is a list of them.
    public var replicates: Int
}

/// Sampling settings a step overrides; nil leaves the run's setting.
public struct SamplingOverrides: Hashable, Sendable {
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var maxTokens: Int?
    public var seed: Int?

    public init(temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, maxTokens: Int? = nil, seed: Int? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.maxTokens = maxTokens
        self.seed = seed
    }
}

/// Runs `step` once per element of the list `over`; the output is the list of results in order.
public struct MapStep: Sendable {
    public var over: Reference
    /// The element's name in the nested step's template context (also reachable as `$item`).
    public var itemName: String
    public var maxConcurrency: Int
    public var step: FlowStep
}

/// A built-in pure function (Transforms.table) applied to references and literals.
public struct TransformStep: Sendable {
    public var function: String
    public var arguments: [String: Binding]
}

/// A comparison of a prediction with reference data from the flow's inputs, by a named metric.
public struct ScoreStep: Sendable {
    public var metric: String
    public var prediction: Binding
    public var reference: Reference
    public var arguments: [String: JSONValue]
}
