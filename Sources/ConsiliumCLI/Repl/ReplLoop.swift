import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// The read-answer loop: reads events from an input, runs each message or command on the session
/// and writes what happened. Answers and command output go to `output`; notes, status lines and
/// errors to `notes`, so `consilium repl < script > answers.txt` keeps the answers apart.
///
/// It survives bad input: a command's error is printed and the loop goes on. In a script (not
/// `interactive`) each failed line makes the exit status 1 at the end; interactively it is 0.
final class ReplLoop {
    let session: ReplSession
    let input: any ReplInput
    let output: any TextWriter
    let notes: any TextWriter
    let style: ReplStyle
    /// A person at a terminal: prompts are shown, and one Ctrl-C at the prompt does not leave.
    let interactive: Bool
    let loader: ReplModelLoader

    private var failedLines = 0
    private var interruptedAtPrompt = false

    init(session: ReplSession, input: any ReplInput, output: any TextWriter, notes: any TextWriter,
         style: ReplStyle, interactive: Bool, loader: ReplModelLoader) {
        self.session = session
        self.input = input
        self.output = output
        self.notes = notes
        self.style = style
        self.interactive = interactive
        self.loader = loader
    }

    /// Runs until /quit, the end of input or a leaving Ctrl-C; returns the exit status.
    func run() async -> Int32 {
        note("run \(session.runID) (database \(session.recorder.databasePath))")
        if interactive {
            note("model \(session.model.label). /help lists the commands; /quit or Ctrl-D leaves.")
        }
        loop: while true {
            switch await input.next(prompt: style.prompt("\(session.model.label)> ")) {
            case .end:
                if interactive { output.write("\n") }
                break loop
            case .interrupt:
                if !interactive || interruptedAtPrompt { output.write("\n"); break loop }
                interruptedAtPrompt = true
                output.write("\n")
                note("(Ctrl-C again, Ctrl-D or /quit to leave)")
            case .line(let text):
                interruptedAtPrompt = false
                do {
                    if try await handle(text) == .quit { break loop }
                } catch {
                    failedLines += 1
                    notes.writeLine(style.error("error: \(error)"))
                }
            }
        }
        do {
            try session.recorder.finish()
        } catch {
            notes.writeLine(style.error("error: cannot mark run \(session.runID) finished: \(error)"))
            return 1
        }
        note("recorded: consilium runs show \(session.runID) --db \(session.recorder.databasePath)")
        return !interactive && failedLines > 0 ? 1 : 0
    }

    private enum Next { case goOn, quit }

    private func handle(_ text: String) async throws -> Next {
        switch try ReplLine.parse(text) {
        case .empty:
            return .goOn
        case .message(let message):
            try await answer { try await self.session.ask(message, onToken: $0) }
            return .goOn
        case .command(.quit):
            return .quit
        case .command(let command):
            try await run(command)
            return .goOn
        }
    }

    // MARK: Answers

    /// Streams one answer to `output` while Ctrl-C is armed to cancel it, then prints its status.
    private func answer(_ body: @escaping @Sendable (@escaping @Sendable (String) -> Void) async throws -> ReplTurn) async throws {
        let output = self.output
        let screen = StreamEnd()
        let task = Task { try await body { piece in screen.note(piece); output.write(piece) } }
        input.interrupts.arm { task.cancel() }
        let result = await task.result
        input.interrupts.disarm()
        if screen.needsNewline { output.write("\n") }
        switch try result.get() {
        case .answered(let response, let outcome, let call):
            note(Self.status(response, outcome: outcome, call: call))
        case .cancelled(let partial, let call):
            note("[stopped after \(partial.count) characters (call \(call)); not added to the conversation; /retry asks again]")
        case .failed(let reason, let call):
            failedLines += 1
            notes.writeLine(style.error("error: \(reason) (call \(call))"))
        }
    }

    /// "[12 tokens, 0.41 s, 29.3 tok/s; stop; call 4]", with the schema check when one is on.
    static func status(_ response: ChatResponse, outcome: CallOutcome, call: Int) -> String {
        var parts: [String] = []
        if let tokens = response.usage.completionTokens {
            let rate = response.latency > 0 ? String(format: "%.1f tok/s", Double(tokens) / response.latency) : "- tok/s"
            parts.append(String(format: "%d tokens, %.2f s, %@", tokens, response.latency, rate))
        } else {
            parts.append(String(format: "%.2f s", response.latency))
        }
        parts.append(response.finishReason == .length ? "cut at the token limit" : "\(response.finishReason)")
        switch outcome {
        case .valid: parts.append("JSON valid against the schema")
        case .invalid(_, _, let reason): parts.append("JSON breaks the schema: \(reason)")
        case .unparseable(_, let reason): parts.append("not JSON: \(reason)")
        case .text, .failed: break
        }
        parts.append("call \(call)")
        return "[" + parts.joined(separator: "; ") + "]"
    }

    // MARK: Commands

    private func run(_ command: SlashCommand) async throws {
        switch command {
        case .help(let topic):
            output.writeLine(try ReplHelp.text(topic: topic))
        case .model(let reference):
            try switchModel(.local(reference))
        case .provider(let path):
            try switchModel(.providerFile(path))
        case .system(.show):
            output.writeLine(session.system.map { "system: \($0)" } ?? "no system message")
        case .system(.set(let text)):
            session.setSystem(text)
            note("system message set")
        case .system(.clear):
            session.setSystem(nil)
            note("system message removed")
        case .set(let setting, let value):
            session.set(setting, to: value)
            note("\(setting.rawValue) = \(setting.text(in: session.sampling) ?? "default")")
        case .settings:
            output.writeLine(settings())
        case .schema(.show):
            output.writeLine(session.schema.map { "schema: \($0.path)" } ?? "no schema: answers are free text")
        case .schema(.set(let path)):
            session.setSchema(try ReplSchema.read(path, forLocalModel: session.model.isLocal))
            note(session.model.isLocal ? "answers must be JSON valid against \(path) (decoding follows its grammar)"
                                       : "answers must be JSON valid against \(path) (checked on arrival)")
        case .schema(.clear):
            session.setSchema(nil)
            note("schema off: answers are free text")
        case .reset:
            session.reset()
            note("conversation cleared")
        case .history:
            output.writeLine(history())
        case .retry:
            try await answer { try await self.session.retry(onToken: $0) }
        case .last:
            output.writeLine(try session.recorder.calls().last.map { ReplStoreBrowser.json($0).prettyText } ?? "no call recorded yet")
        case .run:
            output.writeLine("run \(session.runID) in \(session.recorder.databasePath)")
        case .save(let path):
            try ReplTranscript.save(session, to: path)
            note("saved \(session.history.count) messages to \(path)")
        case .load(let path):
            let (messages, system) = try ReplTranscript.load(path)
            session.load(messages, system: system)
            note("loaded \(messages.count) messages" + (system == nil ? "" : " and a system message") + " from \(path)")
        case .flow(let file, let inputs):
            try await runFlow(file, inputs: inputs)
        case .runs(let limit):
            output.writeLine(try browser.runs(limit: limit))
        case .calls(let run):
            output.writeLine(try browser.calls(run ?? session.runID.rawValue, command: "calls"))
        case .call(let reference):
            output.writeLine(ReplStoreBrowser.json(try browser.call(reference, command: "call")).prettyText)
        case .rerun(let reference, let changes):
            try await rerun(reference, changes: changes)
        case .score(let file):
            output.writeLine(try ReplScore.score(file: file).prettyText)
        case .quit:
            break
        }
    }

    private var browser: ReplStoreBrowser {
        ReplStoreBrowser(store: session.recorder.store, databasePath: session.recorder.databasePath)
    }

    /// Runs a flow while Ctrl-C is armed to stop it, then prints its summary.
    private func runFlow(_ file: String, inputs: String?) async throws {
        let session = self.session, notes = self.notes, style = self.style
        let environment = loader.context.environment
        let runID = RunID.generate()
        let task = Task {
            try await ReplFlow.run(file: file, inputsFile: inputs, session: session, environment: environment, runID: runID) { id in
                notes.writeLine(style.note("run \(id): \(file) on \(session.model.label)..."))
            }
        }
        input.interrupts.arm { task.cancel() }
        let result = await task.result
        input.interrupts.disarm()
        do {
            output.writeLine(ReplFlow.summary(try result.get()))
        } catch is CancellationError {
            throw SlashCommandError(command: "flow", "stopped by the user (Ctrl-C): run \(runID) is marked interrupted; "
                                    + "consilium run \(file) --resume \(runID) --db \(session.recorder.databasePath) finishes it")
        }
    }

    /// Shows a stored call's answer, then streams the current model's answer to the same messages.
    private func rerun(_ reference: StoredCallReference, changes: [SamplingChange]) async throws {
        let call = try browser.call(reference, command: "rerun")
        let outcome = call.result.outcome
        output.writeLine(style.role("old answer") + " (call \(call.number) of run \(call.runID), \(call.request.model.modelID), \(outcome.name)):")
        output.writeLine(outcome.raw ?? "(none: \(outcome.error ?? outcome.name))")
        let sampling = changes.isEmpty ? "the stored sampling" : "the stored sampling with " + changes.map(\.text).joined(separator: " ")
        if let hash = call.request.schemaHash, session.schema == nil {
            note("the stored call asked for JSON under schema sha256 \(hash.hex.prefix(12))...; this one is free text (/schema FILE constrains it)")
        }
        output.writeLine(style.role("new answer") + " (\(session.model.label), \(sampling)):")
        try await answer { try await self.session.rerun(call, changes: changes, onToken: $0) }
    }

    private func switchModel(_ choice: ReplModelChoice) throws {
        note("loading \(choice)...")
        let model = try loader.load(choice)
        try session.switchModel(to: model)
        note("model \(model.label) (\(model.provider.identity)); the conversation is kept")
    }

    private func settings() -> String {
        var rows: [(String, String)] = [
            ("model", "\(session.model.label) (\(session.model.provider.identity))"),
            ("system", session.system ?? "none"),
        ]
        rows += SamplingSetting.allCases.map { ($0.rawValue, $0.text(in: session.sampling) ?? "default") }
        rows += [
            ("schema", session.schema?.path ?? "off"),
            ("history", "\(session.history.count) messages"),
            ("run", "\(session.runID) in \(session.recorder.databasePath)"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
    }

    private func history() -> String {
        let messages = session.conversation
        guard !messages.isEmpty else { return "the conversation is empty" }
        return messages.map { style.role("\($0.role.rawValue):") + " " + $0.content }.joined(separator: "\n")
    }

    private func note(_ text: String) {
        notes.writeLine(style.note(text))
    }
}

/// Whether the streamed answer left the cursor mid-line; pieces arrive on the provider's thread.
private final class StreamEnd: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Character?

    func note(_ piece: String) {
        guard let end = piece.last else { return }
        lock.lock()
        last = end
        lock.unlock()
    }

    var needsNewline: Bool {
        lock.lock()
        defer { lock.unlock() }
        return last != nil && last != "\n"
    }
}
