import Support

/// What the engine runs: the checked steps in an order where every step comes after the steps it
/// reads, each with its operation fully resolved (templates parsed, schemas compiled, transform
/// functions looked up). Built only by the flow check.
public struct ExecutionPlan: Sendable {
    /// In run order. The flow's declaration order is already topological (a step may read only
    /// earlier steps), so this is that order.
    public let steps: [PlannedStep]
    /// Step names grouped by depth in the dependency graph: steps in one stage read only steps of
    /// earlier stages, so the engine may run a stage's steps together.
    public let stages: [[String]]
    /// The flow's outputs: name to the value it takes once every step has run.
    public let outputs: [(name: String, value: Binding)]

    public func step(named name: String) -> PlannedStep? { steps.first { $0.name == name } }
}

public struct PlannedStep: Sendable {
    public let name: String
    public let operation: PlannedOperation
    /// Earlier steps whose outputs this step reads, sorted.
    public let dependencies: [String]
    /// Flow inputs this step reads, sorted.
    public let inputsRead: [String]
    public let stage: Int
}

public indirect enum PlannedOperation: Sendable {
    case model(PlannedModelCall)
    case map(PlannedMap)
    case transform(PlannedTransform)
    case score(PlannedScore)
}

/// A model call ready to render: the parsed templates, the compiled schema, where each template
/// variable comes from.
public struct PlannedModelCall: Sendable {
    public let template: Template
    public let system: Template?
    public let schema: JSONSchema
    /// The schema file's path, or `inline at <JSON path>` for a schema written in the flow.
    public let schemaName: String
    public let inputs: [String: Binding]
    /// Inside a map: the name the current element takes in the template context.
    public let itemName: String?
    public let sampling: SamplingOverrides
    public let replicates: Int

    /// Renders the system and user prompts for one call. Errors name the template, line and
    /// column, or the reference that could not be resolved.
    public func render(in scope: EvaluationScope) throws -> RenderedPrompt {
        var context: [String: JSONValue] = [:]
        for (name, binding) in inputs { context[name] = try scope.resolve(binding) }
        if let itemName, let item = scope.item { context[itemName] = item }
        return RenderedPrompt(system: try system?.render(context), user: try template.render(context),
                              templateName: template.name, templateSHA256: template.sha256,
                              systemName: system?.name, systemSHA256: system?.sha256)
    }
}

/// The text of one call's messages and the identities of the templates that produced them.
public struct RenderedPrompt: Hashable, Sendable {
    public let system: String?
    public let user: String
    public let templateName: String
    public let templateSHA256: String
    public let systemName: String?
    public let systemSHA256: String?
}

public struct PlannedMap: Sendable {
    public let over: Reference
    public let itemName: String
    public let maxConcurrency: Int
    public let body: PlannedOperation

    /// The list to map over, resolved in `scope`; anything but a list is an error naming the reference.
    public func items(in scope: EvaluationScope) throws -> [JSONValue] {
        let value = try scope.resolve(over)
        guard case .array(let items) = value else {
            throw ResolutionError(reference: over, reason: "a map needs a list, found \(value.typeName)")
        }
        return items
    }

    /// The scope for one element: the map's scope with `$item` (and the item name) bound to it.
    public func scope(for item: JSONValue, in scope: EvaluationScope) -> EvaluationScope {
        var inner = scope
        inner.item = item
        return inner
    }
}

public struct PlannedTransform: Sendable {
    public let function: TransformFunction
    public let arguments: [String: Binding]

    /// Resolves the arguments in `scope` and applies the function: pure, no I/O.
    public func evaluate(in scope: EvaluationScope) throws -> JSONValue {
        var values: [String: JSONValue] = [:]
        for (name, binding) in arguments { values[name] = try scope.resolve(binding) }
        return try function.apply(values)
    }
}

public struct PlannedScore: Sendable {
    public let metric: MetricCatalog.Metric
    public let prediction: Binding
    public let reference: Reference
    public let arguments: [String: JSONValue]
}
