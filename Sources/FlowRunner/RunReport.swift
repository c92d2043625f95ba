import Provenance
import Support

/// Runs as JSON for people and programs: a finished run's result, and a stored run's summary.
public enum RunReport {
    public static let notice = "Model outputs are decision support for an expert to verify, not decisions. Failed items appear as {\"$failure\": ...}."

    /// The result of `consilium run --json`.
    public static func json(_ result: RunResult) -> JSONValue {
        let s = result.statistics
        return .object([
            "run_id": .string(result.runID.rawValue),
            "status": "succeeded",
            "outputs": result.outputsJSON,
            "failures": .array(result.failures.map(\.json)),
            "statistics": [
                "calls": .number(Double(s.calls)), "provider_calls": .number(Double(s.providerCalls)),
                "cache_hits": .number(Double(s.cacheHits)), "replayed_calls": .number(Double(s.replayedCalls)),
                "seconds": .number(s.seconds), "store_seconds": .number(s.storeSeconds),
            ],
            "notice": .string(notice),
        ])
    }

    /// A finished run in one line: its id, its calls by source, its failed items.
    public static func headline(_ result: RunResult) -> String {
        let s = result.statistics
        return "run \(result.runID) succeeded: \(s.calls) calls (\(s.providerCalls) asked, \(s.cacheHits) from the cache, "
            + "\(s.replayedCalls) from the run's records), \(result.failures.count) failed items"
    }

    /// One line per run, newest first: id, status, flow, start time.
    public static func listing(_ runs: [RunRecord]) -> [String] {
        runs.map { "\($0.id)  \($0.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \($0.flowID) v\($0.flowVersion)  \($0.createdAt)" }
    }

    public static func json(_ run: RunRecord) -> JSONValue {
        .object([
            "id": .string(run.id.rawValue), "flow_id": .string(run.flowID), "flow_version": .string(run.flowVersion),
            "flow_sha256": .string(run.flowHash.hex), "status": .string(run.status.rawValue), "created_at": .string(run.createdAt),
            "finished_at": run.finishedAt.map { .string($0) } ?? .null, "inputs_sha256": .string(run.inputsHash.hex),
            "parameters": run.parameters, "consilium_version": .string(run.consiliumVersion),
        ])
    }

    /// `consilium runs show`: the run, its steps, call counts by outcome, scores and outputs.
    public static func summary(store: ProvenanceStore, run id: RunID) throws -> JSONValue {
        guard let run = try store.run(id) else { throw ProvenanceError.runNotFound(id) }
        let calls = try store.calls(run: id)
        var outcomes: [String: JSONValue] = [:]
        for call in calls { outcomes[call.result.outcome.name] = .number((outcomes[call.result.outcome.name]?.numberValue ?? 0) + 1) }
        var outputs: JSONValue = .null
        if let link = try store.artifacts(run: id).first(where: { $0.role == .output && $0.name == "outputs" }),
           let artifact = try store.artifact(link.hash) {
            outputs = (try? JSONValue(parsing: artifact.bytes)) ?? .null
        }
        return .object([
            "run": json(run),
            "steps": .array(try store.steps(run: id).map { step in
                .object(["name": .string(step.name), "kind": .string(step.kind), "status": .string(step.status.rawValue),
                         "error": step.error.map { .string($0) } ?? .null])
            }),
            "calls": ["total": .number(Double(calls.count)), "cache_hits": .number(Double(calls.filter(\.cacheHit).count)),
                      "by_outcome": .object(outcomes)],
            "scores": .array(try store.scores(run: id).map { score in
                .object(["step": .string(score.step), "item": .string(score.item), "metric": .string(score.metric),
                         "value": .number(score.value), "details": score.details])
            }),
            "outputs": outputs,
            "notice": .string(notice),
        ])
    }
}
