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
        let call = CallRequest(model: model.registered.identity, messages: Self.json(request.messages),
                               sampling: Self.json(request.sampling), schemaHash: schemaSource.map { ContentHash.of($0) })
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

    // MARK: Record forms (the same shapes as a flow's calls, see FlowRunner's ModelCallExecutor)

    /// Every sampling field, unset ones as null (left to the provider's default).
    static func json(_ sampling: Sampling) -> JSONValue {
        func number<T: BinaryInteger>(_ value: T?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return .object([
            "temperature": sampling.temperature.map { .number($0) } ?? .null,
            "top_p": sampling.topP.map { .number($0) } ?? .null,
            "top_k": number(sampling.topK), "max_tokens": number(sampling.maxTokens), "seed": number(sampling.seed),
            "stop": .array(sampling.stop.map { .string($0) }),
        ])
    }

    static func json(_ messages: [ChatRequest.Message]) -> JSONValue {
        .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })
    }

    /// The messages of a stored request (the inverse of `json(_ messages:)`); nil when not of that form.
    static func messages(from value: JSONValue) -> [ChatRequest.Message]? {
        guard let items = value.arrayValue else { return nil }
        var messages: [ChatRequest.Message] = []
        for item in items {
            guard let role = item["role"]?.stringValue.flatMap(ChatRequest.Role.init(rawValue:)),
                  let content = item["content"]?.stringValue else { return nil }
            messages.append(ChatRequest.Message(role: role, content: content))
        }
        return messages
    }

    /// The sampling of a stored request (the inverse of `json(_ sampling:)`): a missing, null or
    /// malformed field is left to the provider.
    static func sampling(from value: JSONValue) -> Sampling {
        func whole(_ key: String) -> Int? { value[key]?.intValue.flatMap { $0 >= 0 ? $0 : nil } }
        return Sampling(temperature: value["temperature"]?.numberValue, topP: value["top_p"]?.numberValue,
                        topK: whole("top_k"), maxTokens: whole("max_tokens"), seed: whole("seed").map { UInt64($0) },
                        stop: value["stop"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// A structured answer's outcome: valid, invalid against the schema, or not JSON; `text` as received.
    static func outcome(_ answer: AnswerOutcome, text: String) -> CallOutcome {
        switch answer {
        case .parsed(let value):
            return .valid(raw: text, parsed: value)
        case .unparseable(let raw, let reason):
            return .unparseable(raw: raw, reason: reason)
        case .schemaInvalid(let raw, let value, let violations):
            return .invalid(raw: raw, parsed: value, reason: violations.map(\.description).joined(separator: "; "))
        }
    }
}
