import FlowRunner
import Foundation
import Provenance
import Support

/// `/flow FILE [INPUTS]`: a flow run as `consilium run` runs it (FlowLaunch: the flow and inputs
/// checked before any call, every call recorded), on the session's model and database, as a run
/// of its own beside the session's.
enum ReplFlow {
    /// Runs `file` on the inputs in `inputsFile` (a JSON object; none for a flow without inputs).
    static func run(file: String, inputsFile: String?, session: ReplSession, environment: [String: String],
                    runID: RunID = .generate(), onStart: (RunID) -> Void) async throws -> RunResult {
        let inputs: [String: JSONValue]
        do { inputs = try RunInputs.parse(assignments: [], file: inputsFile) } catch {
            throw SlashCommandError(command: "flow", "\(error)")
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw SlashCommandError(command: "flow", "\(file): no such flow file")
        }
        let launch = FlowLaunch(flowFile: URL(fileURLWithPath: file), inputs: inputs,
                                model: .loaded(session.model.registered, secrets: session.model.secrets),
                                databasePath: session.recorder.databasePath, runID: runID, consiliumVersion: Consilium.version,
                                environment: environment)
        do {
            return try await launch.start(onStart: onStart)
        } catch let error where !(error is CancellationError) {
            throw SlashCommandError(command: "flow", "\(error)")
        }
    }

    /// The run's headline, its failed items and its outputs (long strings shortened to keep it compact).
    static func summary(_ result: RunResult) -> String {
        var lines = [RunReport.headline(result)]
        lines += result.failures.map { "failed: \($0)" }
        lines.append(shortened(result.outputsJSON).prettyText)
        lines.append("(/calls \(result.runID) lists its calls)")
        return lines.joined(separator: "\n")
    }

    /// Strings over 200 characters end in "..." (the full value is in the store).
    static func shortened(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.count > 200: return .string(String(text.prefix(200)) + "...")
        case .array(let items): return .array(items.map(shortened))
        case .object(let members): return .object(members.mapValues(shortened))
        default: return value
        }
    }
}
