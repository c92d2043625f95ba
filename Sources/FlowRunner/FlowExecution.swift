import Foundation
import Provenance
import Support
import Workflow

/// One pass over a flow's plan for a run (a new run, or a resumed one): every step in order, each
/// started and finished in the store, its output stored before the next step reads it. Steps run
/// one after another in plan order (the plan's stages are not run side by side); a map runs its
/// items concurrently up to its `max_concurrency`.
///
/// A step is recorded as failed when its whole output is a failure; a map with some failed items
/// succeeds, and its failed items are in its output and in the run's `failures`.
///
/// Failed items: a value that is itself an `ItemFailure` makes a step reading it fail the same
/// way (kind `upstream`, no call made); failed items inside a list are dropped from the lists
/// templates and transforms read; score steps see them and count them.
struct FlowExecution: Sendable {
    let runID: RunID
    let flow: CheckedFlow
    let store: TimedStore
    let models: ModelRegistry
    let metrics: MetricRegistry
    let calls: ModelCallExecutor

    /// Runs every step; returns the flow's outputs and the items that failed (each where it failed).
    func run(inputs: [String: JSONValue]) async throws -> (outputs: [String: JSONValue], failures: [ItemFailure]) {
        var scope = EvaluationScope(inputs: inputs)
        var failures: [ItemFailure] = []
        for step in flow.plan.steps {
            try store { try $0.startStep(run: runID, name: step.name, kind: Self.kind(step.operation)) }
            let output: JSONValue
            do {
                output = try await evaluate(step.operation, step: step.name, item: "", scope: scope)
            } catch let error where !(error is CancellationError) {
                let reason = "\(error)"
                _ = try? store { try $0.finishStep(run: runID, name: step.name, .failed(error: reason)) }
                if error is FlowRunError { throw error }
                throw FlowRunError.stepFailed(run: runID, step: step.name, reason: reason)
            }
            try store { try $0.storeJSON(run: runID, role: .intermediate, name: "steps.\(step.name)", value: output, step: step.name) }
            failures += ItemFailure.all(in: output).filter { $0.kind != .upstream && $0.step == step.name }
            let end: StepEnd = ItemFailure(json: output).map { .failed(error: $0.description) } ?? .succeeded
            try store { try $0.finishStep(run: runID, name: step.name, end) }
            scope.outputs[step.name] = output
        }
        var outputs: [String: JSONValue] = [:]
        for (name, binding) in flow.plan.outputs {
            switch try read(binding, in: scope, dropFailedItems: false) {
            case .value(let value): outputs[name] = value
            case .failed(let failure): outputs[name] = failure.json
            }
        }
        return (outputs, failures)
    }

    static func kind(_ operation: PlannedOperation) -> String {
        switch operation {
        case .model: return "model"
        case .map: return "map"
        case .transform: return "transform"
        case .score: return "score"
        }
    }

    // MARK: Steps

    func evaluate(_ operation: PlannedOperation, step: String, item: String, scope: EvaluationScope) async throws -> JSONValue {
        switch operation {
        case .model(let call): return try await model(call, step: step, item: item, scope: scope)
        case .map(let map): return try await self.map(map, step: step, scope: scope)
        case .transform(let transform): return try self.transform(transform, step: step, item: item, scope: scope)
        case .score(let score): return try self.score(score, step: step, scope: scope)
        }
    }

    private func model(_ call: PlannedModelCall, step: String, item: String, scope: EvaluationScope) async throws -> JSONValue {
        var context: [String: JSONValue] = [:]
        for (name, binding) in call.inputs {
            let value: ReadValue
            do {
                value = try read(binding, in: scope, dropFailedItems: true)
            } catch {
                return ItemFailure(step: step, item: item, kind: .input, reason: "template variable \"\(name)\": \(error)").json
            }
            switch value {
            case .value(let v): context[name] = v
            case .failed(let failure): return upstream(failure, step: step, item: item)
            }
        }
        if let itemName = call.itemName, let element = scope.item { context[itemName] = element }
        let model = models.model(forStep: step)
        guard call.replicates > 1 else {
            return try await calls.answer(step: step, item: item, call: call, context: context, model: model, replicate: 0)
        }
        var answers: [JSONValue] = []
        for replicate in 0..<call.replicates {
            let key = item.isEmpty ? "r\(replicate)" : "\(item).r\(replicate)"
            answers.append(try await calls.answer(step: step, item: key, call: call, context: context, model: model, replicate: replicate))
        }
        return .array(answers)
    }

    private func map(_ map: PlannedMap, step: String, scope: EvaluationScope) async throws -> JSONValue {
        if case .failed(let failure) = try read(Binding.reference(map.over), in: scope, dropFailedItems: false) {
            return upstream(failure, step: step, item: "")
        }
        let elements = try map.items(in: scope)
        let results = try await BoundedMap.run(count: elements.count, limit: map.maxConcurrency) { index in
            let element = elements[index]
            if let failure = ItemFailure(json: element) { return self.upstream(failure, step: step, item: String(index)) }
            return try await self.evaluate(map.body, step: step, item: String(index), scope: map.scope(for: element, in: scope))
        }
        return .array(results)
    }

    private func transform(_ transform: PlannedTransform, step: String, item: String, scope: EvaluationScope) throws -> JSONValue {
        var arguments: [String: JSONValue] = [:]
        for (name, binding) in transform.arguments {
            switch try read(binding, in: scope, dropFailedItems: true) {
            case .value(let value): arguments[name] = value
            case .failed(let failure): return upstream(failure, step: step, item: item)
            }
        }
        return try transform.function.apply(arguments)
    }

    private func score(_ score: PlannedScore, step: String, scope: EvaluationScope) throws -> JSONValue {
        guard let metric = metrics.metric(named: score.metric.name) else {
            throw MetricError(metric: score.metric.name, reason: "not registered with this engine")
        }
        let prediction: JSONValue
        switch try read(score.prediction, in: scope, dropFailedItems: false) {
        case .value(let value): prediction = value
        case .failed(let failure): prediction = failure.json
        }
        let reference = try scope.resolve(score.reference)
        let result = try metric.score(MetricInput(prediction: prediction, reference: reference, arguments: score.arguments))
        try store { try $0.recordScore(run: runID, step: step, metric: metric.name, value: result.value, details: .object(result.details)) }
        var output = result.details
        output["metric"] = .string(metric.name)
        output["value"] = .number(result.value)
        return .object(output)
    }

    // MARK: Reading values that may have failed

    /// A value a step reads, or the failure it ran into.
    enum ReadValue {
        case value(JSONValue)
        case failed(ItemFailure)
    }

    private func upstream(_ failure: ItemFailure, step: String, item: String) -> JSONValue {
        ItemFailure(step: step, item: item, kind: .upstream, reason: "reads a failed value (\(failure))").json
    }

    /// A binding's value, or the failure it runs into: the value itself, or any value on the way
    /// down its path. With `dropFailedItems`, failed items are removed from a list value.
    func read(_ binding: Binding, in scope: EvaluationScope, dropFailedItems: Bool) throws -> ReadValue {
        guard case .reference(let reference) = binding else { return .value(try scope.resolve(binding)) }
        if let failure = Self.failureOnPath(reference, in: scope) { return .failed(failure) }
        var value = try scope.resolve(reference)
        if let failure = ItemFailure(json: value) { return .failed(failure) }
        if dropFailedItems, case .array(let items) = value {
            value = .array(items.filter { ItemFailure(json: $0) == nil })
        }
        return .value(value)
    }

    /// The first failure met walking from the reference's root down its path, if any.
    static func failureOnPath(_ reference: Reference, in scope: EvaluationScope) -> ItemFailure? {
        var current: JSONValue?
        switch reference.root {
        case .input(let name): current = scope.inputs[name]
        case .step(let name): current = scope.outputs[name]
        case .item: current = scope.item
        }
        for component in reference.path {
            guard let value = current else { return nil }
            if let failure = ItemFailure(json: value) { return failure }
            switch component {
            case .key(let key): current = value[key]
            case .index(let index): current = value[index]
            }
        }
        return current.flatMap { ItemFailure(json: $0) }
    }
}
