import Foundation
import Provenance
import Providers
import Support
import Workflow

/// The state of one REPL session and what each message or command does to it, with no terminal:
/// the model, the system message, sampling settings, the conversation, an optional response
/// schema and the session's run in the provenance store.
///
/// Used by one task at a time (the loop waits for each answer), hence `@unchecked Sendable`: an
/// answer runs in its own task so that Ctrl-C can cancel it.
final class ReplSession: @unchecked Sendable {
    private(set) var model: ReplModel
    private(set) var system: String?
    private(set) var sampling: Sampling
    /// The user and assistant messages sent before the next question (the system message apart).
    private(set) var history: [ChatRequest.Message] = []
    private(set) var schema: ReplSchema?
    let recorder: ReplRecorder

    /// Numbers the questions of the run (call items "turn-N"), and the attempts at the current one.
    private var turn = 0
    private var attempt = 0
    /// The question `/retry` asks again, and whether its answer is the last pair in `history`.
    private var lastQuestion: String?
    private var lastQuestionAnswered = false

    init(model: ReplModel, system: String?, sampling: Sampling, recorder: ReplRecorder) {
        self.model = model
        self.system = system
        self.sampling = sampling
        self.recorder = recorder
    }

    var runID: RunID { recorder.runID }

    // MARK: Questions

    /// Sends `text` after the conversation so far; `onToken` receives the answer as it streams.
    /// Provider failures and cancellation are recorded and returned, not thrown; only a store that
    /// cannot record throws.
    func ask(_ text: String, onToken: @escaping @Sendable (String) -> Void) async throws -> ReplTurn {
        turn += 1
        attempt = 1
        lastQuestion = text
        lastQuestionAnswered = false
        return try await send(text, onToken: onToken)
    }

    /// Asks the last question again with the current settings, replacing its answer in the conversation.
    func retry(onToken: @escaping @Sendable (String) -> Void) async throws -> ReplTurn {
        guard let question = lastQuestion else {
            throw SlashCommandError(command: "retry", "no question to ask again (ask one first; /reset and /load forget it)")
        }
        if lastQuestionAnswered { history.removeLast(2) }
        lastQuestionAnswered = false
        attempt += 1
        return try await send(question, onToken: onToken)
    }

    /// The messages the next question would be sent after.
    var conversation: [ChatRequest.Message] {
        (system.map { [.system($0)] } ?? []) + history
    }

    private func send(_ text: String, onToken: @escaping @Sendable (String) -> Void) async throws -> ReplTurn {
        let request = ChatRequest(messages: conversation + [.user(text)], sampling: sampling,
                                  responseSchema: schema?.responseSchema)
        let ended = try await complete(request, key: ReplRecorder.key(turn: turn, attempt: attempt), onToken: onToken)
        if case .answered(let response, _, _) = ended {
            history += [.user(text), .assistant(response.text)]
            lastQuestionAnswered = true
        }
        return ended
    }

    /// Asks a stored call's messages again on the current model: its sampling with `changes` on
    /// top, and the current schema, if any. Recorded in this session's run (step "rerun"); the
    /// conversation is not touched.
    func rerun(_ call: StoredCall, changes: [SamplingChange],
               onToken: @escaping @Sendable (String) -> Void) async throws -> ReplTurn {
        guard let messages = ChatRequest.Message.messages(fromRecord: call.request.messages), !messages.isEmpty else {
            throw SlashCommandError(command: "rerun", "call \(call.key) of run \(call.runID) has no messages in the form [{\"role\", \"content\"}]")
        }
        let sampling = changes.reduce(Sampling(record: call.request.sampling)) { $1.setting.apply($1.value, to: $0) }
        let request = ChatRequest(messages: messages, sampling: sampling, responseSchema: schema?.responseSchema)
        return try await complete(request, key: try recorder.rerunKey(for: call), onToken: onToken)
    }

    /// Sends one request, streaming its answer, and records how it ended under `key`.
    private func complete(_ request: ChatRequest, key: CallKey, onToken: @escaping @Sendable (String) -> Void) async throws -> ReplTurn {
        let streamed = StreamedText()
        let record = { (result: CallResult) throws -> Int in
            try self.recorder.record(key, model: self.model, request: request, schemaSource: self.schema?.source, result: result).number
        }
        let response: ChatResponse
        do {
            response = try await model.provider.complete(request) { piece in
                streamed.append(piece)
                onToken(piece)
            }
        } catch {
            // Remote providers may report a cancelled transfer as their own failure: the task says which it was.
            let partial = streamed.text
            if error is CancellationError || Task.isCancelled {
                let call = try record(CallResult(outcome: .failed(error: "stopped by the user (Ctrl-C)", raw: partial.isEmpty ? nil : partial),
                                                 latencyMilliseconds: 0))
                return .cancelled(partial: partial, call: call)
            }
            let failure = error as? ProviderFailure
            let reason = failure?.description ?? "\(error)"
            let call = try record(CallResult(outcome: .failed(error: reason, raw: partial.isEmpty ? nil : partial),
                                             latencyMilliseconds: (failure?.latency ?? 0) * 1000))
            return .failed(reason: reason, call: call)
        }
        let outcome: CallOutcome = schema.map {
            CallOutcome(validated: AnswerValidation.validate(response.text, against: $0.compiled), text: response.text)
        } ?? .text(raw: response.text)
        let call = try record(CallResult(outcome: outcome, reportedModel: response.reportedModel,
                                         promptTokens: response.usage.promptTokens,
                                         completionTokens: response.usage.completionTokens,
                                         latencyMilliseconds: response.latency * 1000))
        return .answered(response, outcome: outcome, call: call)
    }

    // MARK: Settings

    func switchModel(to model: ReplModel) throws {
        try recorder.protect(model)
        self.model = model
    }

    func setSystem(_ text: String?) {
        system = text
    }

    /// Changes one sampling setting; the next question is sent with it.
    func set(_ setting: SamplingSetting, to value: SamplingSetting.Value) {
        sampling = setting.apply(value, to: sampling)
    }

    func setSchema(_ schema: ReplSchema?) {
        self.schema = schema
    }

    // MARK: The conversation

    /// Forgets the conversation; settings and the run stay.
    func reset() {
        history = []
        lastQuestion = nil
        lastQuestionAnswered = false
    }

    /// Replaces the conversation: a leading system message becomes the system message.
    func load(_ messages: [ChatRequest.Message], system: String?) {
        reset()
        if let system { self.system = system }
        history = messages
    }
}

/// The text streamed so far; appended on the provider's thread, read after the call.
private final class StreamedText: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = ""

    func append(_ piece: String) {
        lock.lock()
        storage += piece
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
