import Foundation
import Support

/// The graph check: everything that can be known about a flow before any model is called.
///
/// Names are unique and referable; every reference names a flow input, an earlier step (so the
/// declaration order is a topological order and the graph has no cycles) or, inside a map, `$item`;
/// template and schema files exist, parse and compile; each template reads only variables its step
/// provides, and each provided variable is read; transforms and metrics exist and get the
/// arguments they take. Problems are collected, not thrown one at a time.
struct FlowChecker {
    let definition: FlowDefinition
    let metrics: MetricCatalog
    var files: PromptFiles
    var issues = IssueList()
    private var stepIndex: [String: Int] = [:]
    private var inputNames: Set<String> = []

    init(definition: FlowDefinition, promptsRoot: URL, metrics: MetricCatalog) {
        self.definition = definition
        self.metrics = metrics
        self.files = PromptFiles(root: promptsRoot)
    }

    /// The plan and input schemas, or nil when `issues` holds at least one problem.
    mutating func check() -> (plan: ExecutionPlan, inputSchemas: [String: JSONSchema])? {
        var inputSchemas: [String: JSONSchema] = [:]
        for input in definition.inputs {
            let at = input.path.parent ?? input.path
            checkName(input.name, at: at.appending("name"), what: "input")
            if inputNames.contains(input.name) { issues.add(at.appending("name"), "input \"\(input.name)\" is declared twice") }
            inputNames.insert(input.name)
            if let schema = compile(input.schema, at: input.path) { inputSchemas[input.name] = schema }
        }
        if definition.steps.isEmpty { issues.add(JSONPath.root.appending("steps"), "a flow needs at least one step") }
        for (index, step) in definition.steps.enumerated() {
            checkName(step.name, at: step.path.appending("name"), what: "step")
            if let first = stepIndex[step.name] {
                issues.add(step.path.appending("name"), "step name \"\(step.name)\" is already used by step \(first) (\(definition.steps[first].path))")
            } else {
                stepIndex[step.name] = index
            }
        }

        var planned: [PlannedStep] = []
        var stageOf: [String: Int] = [:]
        for (index, step) in definition.steps.enumerated() {
            var reads = References()
            let operation = plan(step, index: index, itemName: nil, reads: &reads)
            let dependencies = reads.steps.sorted()
            let stage = (dependencies.compactMap { stageOf[$0] }.max() ?? -1) + 1
            if stageOf[step.name] == nil { stageOf[step.name] = stage }
            if let operation {
                planned.append(PlannedStep(name: step.name, operation: operation, dependencies: dependencies,
                                           inputsRead: reads.inputs.sorted(), stage: stage))
            }
        }
        var outputs: [(name: String, value: Binding)] = []
        for output in definition.outputs {
            var reads = References()
            if let reference = output.value.reference {
                checkReference(reference, at: output.path, stepIndex: definition.steps.count, inMap: false, reads: &reads)
            }
            outputs.append((output.name, output.value))
        }
        guard issues.isEmpty else { return nil }
        let stageCount = (stageOf.values.max() ?? -1) + 1
        let stages = (0..<stageCount).map { stage in planned.filter { $0.stage == stage }.map(\.name) }
        return (ExecutionPlan(steps: planned, stages: stages, outputs: outputs), inputSchemas)
    }

    // MARK: Steps

    private mutating func plan(_ step: FlowStep, index: Int, itemName: String?, reads: inout References) -> PlannedOperation? {
        switch step.kind {
        case .model(let model):
            return planModel(model, step: step, index: index, itemName: itemName, reads: &reads)
        case .map(let map):
            checkReference(map.over, at: step.path.appending("over"), stepIndex: index, inMap: false, reads: &reads)
            checkName(map.itemName, at: step.path.appending("as"), what: "item")
            guard let body = plan(map.step, index: index, itemName: map.itemName, reads: &reads) else { return nil }
            return .map(PlannedMap(over: map.over, itemName: map.itemName, maxConcurrency: map.maxConcurrency, body: body))
        case .transform(let transform):
            return planTransform(transform, step: step, index: index, inMap: itemName != nil, reads: &reads)
        case .score(let score):
            return planScore(score, step: step, index: index, reads: &reads)
        }
    }

    private mutating func planModel(_ model: ModelStep, step: FlowStep, index: Int, itemName: String?, reads: inout References) -> PlannedOperation? {
        for (name, binding) in model.inputs.sorted(by: { $0.key < $1.key }) {
            if let reference = binding.reference {
                checkReference(reference, at: step.path.appending("inputs").appending(name), stepIndex: index, inMap: itemName != nil, reads: &reads)
            }
            if name == itemName {
                issues.add(step.path.appending("inputs").appending(name), "\"\(name)\" is already the map's item name; the item is provided without an input")
            }
        }
        let template = loadTemplate(model.template, at: step.path.appending("template"))
        let system = model.system.flatMap { loadTemplate($0, at: step.path.appending("system")) }
        let provided = Set(model.inputs.keys).union(itemName.map { [$0] } ?? [])
        var used: Set<String> = []
        for (loaded, field) in [(template, "template"), (system, "system")] {
            guard let loaded else { continue }
            used.formUnion(loaded.freeVariables.keys)
            for (variable, location) in loaded.freeVariables.sorted(by: { $0.key < $1.key }) where !provided.contains(variable) {
                issues.add(step.path.appending(field), "template \(loaded.name):\(location) uses \"\(variable)\", which this step does not provide (provided: \(Self.list(provided)))")
            }
        }
        // Only when every template loaded: otherwise "unused" would be a guess.
        if template != nil, model.system == nil || system != nil {
            for name in model.inputs.keys.sorted() where !used.contains(name) {
                issues.add(step.path.appending("inputs").appending(name), "input \"\(name)\" is not used by the step's templates")
            }
        }
        let schema: JSONSchema?
        let schemaName: String
        switch model.schema {
        case .file(let path):
            schemaName = path
            switch files.schema(path) {
            case .success(let compiled): schema = compiled
            case .failure(let error): issues.add(step.path.appending("schema"), error.reason); schema = nil
            }
        case .inline(let document):
            schemaName = "inline at \(step.path.appending("schema"))"
            schema = compile(document, at: step.path.appending("schema"))
        }
        guard let template, let schema, model.system == nil || system != nil else { return nil }
        return .model(PlannedModelCall(template: template, system: system, schema: schema, schemaName: schemaName,
                                       inputs: model.inputs, itemName: itemName, sampling: model.sampling, replicates: model.replicates))
    }

    private mutating func planTransform(_ transform: TransformStep, step: FlowStep, index: Int, inMap: Bool, reads: inout References) -> PlannedOperation? {
        var given: [String: JSONValue?] = [:]
        for (name, binding) in transform.arguments.sorted(by: { $0.key < $1.key }) {
            switch binding {
            case .literal(let value): given[name] = .some(value)
            case .reference(let reference):
                given[name] = .some(nil)
                checkReference(reference, at: step.path.appending("arguments").appending(name), stepIndex: index, inMap: inMap, reads: &reads)
            }
        }
        guard let function = Transforms.table[transform.function] else {
            issues.add(step.path.appending("function"), "unknown transform function \"\(transform.function)\" (known: \(Self.list(Transforms.table.keys)))")
            return nil
        }
        let problems = function.check(given)
        for problem in problems {
            let at = problem.argument.map { step.path.appending("arguments").appending($0) } ?? step.path.appending("arguments")
            issues.add(at, problem.description)
        }
        return problems.isEmpty ? .transform(PlannedTransform(function: function, arguments: transform.arguments)) : nil
    }

    private mutating func planScore(_ score: ScoreStep, step: FlowStep, index: Int, reads: inout References) -> PlannedOperation? {
        if let reference = score.prediction.reference {
            checkReference(reference, at: step.path.appending("prediction"), stepIndex: index, inMap: false, reads: &reads)
        }
        checkReference(score.reference, at: step.path.appending("reference"), stepIndex: index, inMap: false, reads: &reads)
        if case .input = score.reference.root {} else {
            issues.add(step.path.appending("reference"), "a score's reference must be an $inputs reference (reference data comes with the run), found \(score.reference.text)")
        }
        guard let metric = metrics.metrics[score.metric] else {
            issues.add(step.path.appending("metric"), "unknown metric \"\(score.metric)\" (known: \(Self.list(metrics.metrics.keys)))")
            return nil
        }
        let unknown = score.arguments.keys.filter { !metric.arguments.contains($0) }.sorted()
        for name in unknown {
            issues.add(step.path.appending("arguments").appending(name), "metric \"\(metric.name)\" takes no argument \"\(name)\" (takes: \(Self.list(metric.arguments)))")
        }
        guard unknown.isEmpty else { return nil }
        return .score(PlannedScore(metric: metric, prediction: score.prediction, reference: score.reference, arguments: score.arguments))
    }

    // MARK: References and names

    private struct References {
        var steps: Set<String> = []
        var inputs: Set<String> = []
    }

    private mutating func checkReference(_ reference: Reference, at path: JSONPath, stepIndex current: Int, inMap: Bool, reads: inout References) {
        switch reference.root {
        case .input(let name):
            if inputNames.contains(name) {
                reads.inputs.insert(name)
            } else {
                issues.add(path, "\(reference.text) names no input (inputs: \(Self.list(inputNames)))")
            }
        case .step(let name):
            guard let index = stepIndex[name] else {
                return issues.add(path, "\(reference.text) names no step (steps: \(Self.list(stepIndex.keys)))")
            }
            if index == current {
                issues.add(path, "\(reference.text): step \"\(name)\" cannot read its own output")
            } else if index > current {
                issues.add(path, "\(reference.text): step \"\(name)\" comes later (step \(index)); a step may read only steps declared before it")
            } else {
                reads.steps.insert(name)
            }
        case .item:
            if !inMap { issues.add(path, "\(reference.text): $item exists only in the step inside a map") }
        }
    }

    private mutating func checkName(_ name: String, at path: JSONPath, what: String) {
        let valid = name.first.map { $0.isLetter || $0 == "_" } ?? false
            && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "-" }
        if !valid { issues.add(path, "\(what) name \"\(name)\" must start with a letter or _ and use only ASCII letters, digits, _ and -") }
    }

    private mutating func loadTemplate(_ path: String, at field: JSONPath) -> Template? {
        switch files.template(path) {
        case .success(let template): return template
        case .failure(let error): issues.add(field, error.reason); return nil
        }
    }

    /// Compiles a schema written in the flow; compile errors point into the flow file.
    private mutating func compile(_ document: JSONValue, at path: JSONPath) -> JSONSchema? {
        do {
            return try JSONSchema(compiling: document)
        } catch let error as SchemaCompileError {
            issues.add(JSONPath(path.components + error.path.components), "schema: \(error.reason)")
        } catch {
            issues.add(path, "schema: \(error)")
        }
        return nil
    }

    private static func list<S: Sequence>(_ names: S) -> String where S.Element == String {
        let sorted = names.sorted()
        return sorted.isEmpty ? "none" : sorted.joined(separator: ", ")
    }
}
