import Foundation
import Provenance
import Support
import Workflow

/// Runs checked flows against model providers, recording everything in a provenance store.
///
/// Per model call: the templates are rendered, the call identity computed (model, messages,
/// sampling with seed, template and schema hashes), the answer served from the cache unless
/// `noCache` or else asked of the provider, committed to the store, and only then validated and
/// used. An invalid answer gets one re-ask quoting what was wrong; a second invalid answer is an
/// `ItemFailure` and the run goes on. A run killed part-way is finished by `resume`, which serves
/// every call the run had recorded from its own records.
public final class FlowRunner: Sendable {
    public let store: ProvenanceStore
    public let models: ModelRegistry
    public let metrics: MetricRegistry
    public let options: RunOptions

    public init(store: ProvenanceStore, models: ModelRegistry, metrics: MetricRegistry = .standard,
                options: RunOptions = RunOptions()) {
        self.store = store
        self.models = models
        self.metrics = metrics
        self.options = options
    }

    /// Starts a run of `flow` on `inputs` and runs it to the end.
    ///
    /// - Throws: `FlowRunError.invalidInputs` before anything is recorded; `FlowRunError.stepFailed`
    ///   when a step cannot run (the run is then recorded as failed and can be resumed after a fix
    ///   that leaves the flow file unchanged, e.g. of its inputs' source).
    public func run(_ flow: CheckedFlow, inputs: [String: JSONValue], runID: RunID = .generate()) async throws -> RunResult {
        let problems = flow.validateInputs(inputs)
        guard problems.isEmpty else { throw FlowRunError.invalidInputs(flow: flow.file, problems: problems) }
        let timed = TimedStore(store)
        let spec = RunSpec(id: runID, flowID: flow.definition.id, flowVersion: String(flow.definition.version),
                           flowHash: try flowHash(flow), inputs: .object(inputs), parameters: parameters(flow),
                           consiliumVersion: options.consiliumVersion)
        try timed { try $0.createRun(spec) }
        return try await execute(flow, runID: runID, inputs: inputs, recorded: [:], store: timed)
    }

    /// Finishes a run that was interrupted (killed, or failed part-way): re-runs the plan, taking
    /// every call the run recorded from its records, and asking only for the rest.
    ///
    /// - Throws: `FlowRunError.flowChanged` when `flow` is not the file the run started with;
    ///   `FlowRunError.callChanged` when a recorded call no longer matches what the flow asks;
    ///   `ProvenanceError.runNotResumable` for a run that already succeeded.
    public func resume(_ flow: CheckedFlow, runID: RunID) async throws -> RunResult {
        let timed = TimedStore(store)
        let point = try timed { try $0.resumableRun(runID) }
        guard point.run.flowHash.hex == flow.sha256 else {
            throw FlowRunError.flowChanged(run: runID, recorded: point.run.flowHash.hex, found: flow.sha256)
        }
        guard let artifact = try timed({ try $0.artifact(point.run.inputsHash) }) else {
            throw FlowRunError.inputsUnreadable(run: runID, reason: "artifact \(point.run.inputsHash) is missing")
        }
        let inputs: [String: JSONValue]
        do {
            guard let object = try JSONValue(parsing: artifact.bytes).objectValue else {
                throw FlowRunError.inputsUnreadable(run: runID, reason: "the inputs artifact is not a JSON object")
            }
            inputs = object
        } catch let error as FlowRunError {
            throw error
        } catch {
            throw FlowRunError.inputsUnreadable(run: runID, reason: "\(error)")
        }
        let resumed = try timed { try $0.resumeRun(runID) }
        return try await execute(flow, runID: runID, inputs: inputs, recorded: resumed.calls, store: timed)
    }

    private func execute(_ flow: CheckedFlow, runID: RunID, inputs: [String: JSONValue], recorded: [CallKey: StoredCall],
                         store timed: TimedStore) async throws -> RunResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let statistics = StatisticsBox()
        let calls = ModelCallExecutor(runID: runID, store: timed, recorded: recorded, options: options, statistics: statistics)
        let execution = FlowExecution(runID: runID, flow: flow, store: timed, models: models, metrics: metrics, calls: calls)
        do {
            let (outputs, failures) = try await execution.run(inputs: inputs)
            try timed { try $0.storeJSON(run: runID, role: .output, name: "outputs", value: .object(outputs)) }
            try timed { try $0.finishRun(runID, .succeeded) }
            var totals = statistics.snapshot
            totals.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            totals.storeSeconds = timed.seconds
            return RunResult(runID: runID, outputs: outputs, failures: failures, statistics: totals)
        } catch is CancellationError {
            _ = try? timed { try $0.markRunInterrupted(runID) }
            throw CancellationError()
        } catch {
            _ = try? timed { try $0.finishRun(runID, .failed) }
            throw error
        }
    }

    // MARK: What a run records about itself

    private func flowHash(_ flow: CheckedFlow) throws -> ContentHash {
        guard let hash = ContentHash(hex: flow.sha256) else {
            throw FlowRunError.invalidFlowHash(flow: flow.file, found: flow.sha256)
        }
        return hash
    }

    /// The run's parameters: the flow file, the options, each step's model, every template and
    /// schema by hash. No provider configuration (URLs, keys) is recorded.
    func parameters(_ flow: CheckedFlow) -> JSONValue {
        var templates: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        var stepModels: [String: JSONValue] = [:]
        func collect(_ operation: PlannedOperation, step: String) {
            switch operation {
            case .model(let call):
                templates[call.template.name] = .string(call.template.sha256)
                if let system = call.system { templates[system.name] = .string(system.sha256) }
                schemas[call.schemaName] = .string(ContentHash.of(call.schema.source).hex)
                stepModels[step] = Self.json(models.model(forStep: step).identity)
            case .map(let map): collect(map.body, step: step)
            case .transform, .score: break
            }
        }
        for step in flow.plan.steps { collect(step.operation, step: step.name) }
        return .object([
            "flow_file": .string(flow.file),
            "no_cache": .bool(options.noCache),
            "sampling": ModelCallExecutor.sampling(step: SamplingOverrides(), run: options.sampling, replicate: 0).recordJSON,
            "models": .object(stepModels),
            "templates": .object(templates),
            "schemas": .object(schemas),
        ])
    }

    static func json(_ identity: ModelIdentity) -> JSONValue {
        var members: [String: JSONValue] = ["provider": .string(identity.provider), "model": .string(identity.modelID)]
        if let file = identity.localFile {
            members["sha256"] = .string(file.sha256.hex)
            members["quantization"] = .string(file.quantization)
        }
        return .object(members)
    }
}
