import Foundation
import Provenance
import Support

/// Where `/call` and `/rerun` find a stored call: a run (its id or a unique prefix of it), a step,
/// an item ("-" for a step's single call) and an attempt.
struct StoredCallReference: Equatable {
    let run: String
    let step: String
    let item: String
    let attempt: Int

    /// Reads `RUN STEP ITEM [ATTEMPT]` from `words`; errors name `command`.
    static func parse(_ words: [String], command: String) throws -> StoredCallReference {
        guard words.count == 3 || words.count == 4 else {
            throw SlashCommandError(command: command, "expected RUN STEP ITEM [ATTEMPT] (ITEM - for a step's single call; /calls RUN lists them), found \(words.count) words")
        }
        var attempt = 1
        if words.count == 4 {
            guard let number = Int(words[3]), number >= 1 else {
                throw SlashCommandError(command: command, "ATTEMPT: expected a whole number from 1, found \"\(words[3])\"")
            }
            attempt = number
        }
        return StoredCallReference(run: words[0], step: words[1], item: words[2] == "-" ? "" : words[2], attempt: attempt)
    }

    var key: CallKey { CallKey(step: step, item: item, attempt: attempt) }
}

/// The provenance store as the REPL shows it: recent runs, a run's calls, one call in full.
/// Every lookup error names the command and what was not found.
struct ReplStoreBrowser {
    let store: ProvenanceStore
    let databasePath: String

    /// The run `text` names: its whole id, or the start of exactly one run's id.
    func run(_ text: String, command: String) throws -> RunRecord {
        if let run = try store.run(RunID(text)) { return run }
        let matches = try store.runs().filter { $0.id.rawValue.hasPrefix(text) }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw SlashCommandError(command: command, "no run \"\(text)\" in \(databasePath) (/runs lists them)")
        default:
            throw SlashCommandError(command: command, "\"\(text)\" starts \(matches.count) run ids (\(matches.prefix(3).map(\.id.rawValue).joined(separator: ", ")), ...): type more of it")
        }
    }

    /// The stored call `reference` names.
    func call(_ reference: StoredCallReference, command: String) throws -> StoredCall {
        let run = try run(reference.run, command: command)
        let calls = try store.calls(run: run.id)
        guard let call = calls.first(where: { $0.key == reference.key }) else {
            let keys = calls.prefix(5).map { Self.words($0.key) }.joined(separator: "; ")
            throw SlashCommandError(command: command, "run \(run.id) has no call \(reference.key)"
                                    + (calls.isEmpty ? " (it has no calls)" : " (\(calls.count) calls, e.g. \(keys); /calls \(run.id) lists them)"))
        }
        return call
    }

    // MARK: Listings

    /// The newest `limit` runs: id, status, flow, calls, start time.
    func runs(limit: Int) throws -> String {
        let runs = try store.runs()
        guard !runs.isEmpty else { return "no runs in \(databasePath)" }
        let rows = try runs.prefix(limit).map { run in
            [run.id.rawValue, run.status.rawValue, "\(run.flowID) v\(run.flowVersion)", String(try store.calls(run: run.id).count), run.createdAt]
        }
        let more = runs.count > limit ? ["(\(runs.count - limit) older runs; /runs \(runs.count) lists all)"] : []
        return (Self.table(header: ["run", "status", "flow", "calls", "started"], rows: rows) + more).joined(separator: "\n")
    }

    /// A run's calls in recording order: STEP ITEM ATTEMPT as `/call` takes them, outcome, latency, tokens.
    func calls(_ text: String, command: String) throws -> String {
        let run = try run(text, command: command)
        let calls = try store.calls(run: run.id)
        guard !calls.isEmpty else { return "run \(run.id) (\(run.flowID)) has no calls" }
        let rows = calls.map { call -> [String] in
            let r = call.result
            let tokens = "\(r.promptTokens.map(String.init) ?? "-")/\(r.completionTokens.map(String.init) ?? "-")"
            return [String(call.number), call.key.step, call.key.item.isEmpty ? "-" : call.key.item, String(call.key.attempt),
                    r.outcome.name + (call.cacheHit ? " (cached)" : ""), String(format: "%.0f", r.latencyMilliseconds), tokens]
        }
        let title = "run \(run.id) (\(run.flowID) v\(run.flowVersion), \(run.status.rawValue)): \(calls.count) calls"
        return ([title] + Self.table(header: ["call", "step", "item", "attempt", "outcome", "ms", "tokens in/out"], rows: rows))
            .joined(separator: "\n")
    }

    /// One call as the store holds it: what was sent (model, messages, sampling) and what came back.
    static func json(_ call: StoredCall) -> JSONValue {
        let r = call.result
        func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return .object([
            "call": .number(Double(call.number)), "run_id": .string(call.runID.rawValue), "key": .string(call.key.description),
            "identity": .string(call.identity.hash.hex), "provider": .string(call.request.model.provider),
            "model": .string(call.request.model.modelID),
            "model_sha256": call.request.model.localFile.map { .string($0.sha256.hex) } ?? .null,
            "reported_model": r.reportedModel.map { .string($0) } ?? .null,
            "template": call.request.template.map { .string("\($0.id) \($0.hash.hex)") } ?? .null,
            "sampling": call.request.sampling, "messages": call.request.messages,
            "schema_sha256": call.request.schemaHash.map { .string($0.hex) } ?? .null,
            "outcome": .string(r.outcome.name), "raw_output": r.outcome.raw.map { .string($0) } ?? .null,
            "error": (r.outcome.error ?? r.outcome.validationError).map { .string($0) } ?? .null,
            "cache_hit": .bool(call.cacheHit),
            "prompt_tokens": number(r.promptTokens), "completion_tokens": number(r.completionTokens),
            "latency_ms": .number((r.latencyMilliseconds * 10).rounded() / 10), "created_at": .string(call.createdAt),
        ])
    }

    /// A key as `/call` and `/rerun` take it: "STEP ITEM ATTEMPT".
    static func words(_ key: CallKey) -> String {
        "\(key.step) \(key.item.isEmpty ? "-" : key.item) \(key.attempt)"
    }

    /// Left-aligned columns, two spaces apart.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
