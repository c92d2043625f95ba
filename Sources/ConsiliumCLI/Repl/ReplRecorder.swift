import FlowRunner
import Foundation
import Provenance
import Providers
import Support
import Workflow

/// One REPL session's run in the provenance store: a step "chat" with one call per question
/// asked (item "turn-N"; a `/retry` is the next attempt of the same turn), and a step "rerun" with
/// the calls `/rerun` asks again (item "RUN:KEY" of the stored call, attempt N for its Nth rerun),
/// each committed before its answer is used, so `consilium runs show RUN` lists them afterwards.
final class ReplRecorder {
    /// The REPL has no flow file; the run's flow hash names the recording format instead.
    static let flowID = "repl"
    static let flowVersion = "1"
    static let step = "chat"
    static let rerunStep = "rerun"

    let runID: RunID
    let databasePath: String
    private(set) var store: ProvenanceStore
    private var secrets: Set<String>
    /// Whether the "rerun" step was started (on the first `/rerun`).
    private var rerunStarted = false

    /// Opens (creating if needed) the store at `databasePath` and starts the session's run.
    init(databasePath: String, model: ReplModel, system: String?, consiliumVersion: String) throws {
        runID = .generate()
        self.databasePath = databasePath
        secrets = Set(model.secrets)
        store = try FlowLaunch.openStore(databasePath, secrets: Array(secrets))
        let spec = RunSpec(id: runID, flowID: Self.flowID, flowVersion: Self.flowVersion,
                           flowHash: ContentHash.of("consilium.repl/\(Self.flowVersion)"),
                           inputs: ["model": .string(model.label), "system": system.map { .string($0) } ?? .null],
                           parameters: ["interface": "repl", "provider": .string(model.provider.identity.description)],
                           consiliumVersion: consiliumVersion)
        try store.createRun(spec)
        try store.startStep(run: runID, name: Self.step, kind: "repl")
    }

    /// A newly loaded model's secrets join the ones the store redacts: the store is reopened with all of them.
    func protect(_ model: ReplModel) throws {
        let added = secrets.union(model.secrets)
        guard added != secrets else { return }
        secrets = added
        store = try ProvenanceStore(path: databasePath, secrets: Array(secrets))
    }

    /// The key of question `turn`'s `attempt`.
    static func key(turn: Int, attempt: Int) -> CallKey {
        CallKey(step: step, item: "turn-\(turn)", attempt: attempt)
    }

    /// The key the next rerun of `call` is recorded under (starting the "rerun" step the first time).
    func rerunKey(for call: StoredCall) throws -> CallKey {
        if !rerunStarted {
            try store.startStep(run: runID, name: Self.rerunStep, kind: "repl")
            rerunStarted = true
        }
        let item = "\(call.runID):\(call.key)"
        let earlier = try calls().filter { $0.key.step == Self.rerunStep && $0.key.item == item }.count
        return CallKey(step: Self.rerunStep, item: item, attempt: earlier + 1)
    }

    /// Commits one call: what was sent and what came of it.
    @discardableResult
    func record(_ key: CallKey, model: ReplModel, request: ChatRequest, schemaSource: JSONValue?,
                result: CallResult) throws -> StoredCall {
        let call = CallRequest(model: model.registered.identity, messages: ChatRequest.Message.recordJSON(request.messages),
                               sampling: request.sampling.recordJSON, schemaHash: schemaSource.map { ContentHash.of($0) })
        return try store.recordCall(run: runID, key: key, request: call, result: result)
    }

    /// The session's calls, in the order they were recorded.
    func calls() throws -> [StoredCall] {
        try store.calls(run: runID)
    }

    /// Marks the step and the run succeeded: the session ended normally.
    func finish() throws {
        try store.finishStep(run: runID, name: Self.step, .succeeded)
        if rerunStarted { try store.finishStep(run: runID, name: Self.rerunStep, .succeeded) }
        try store.finishRun(runID, .succeeded)
    }
}
