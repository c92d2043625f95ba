import Catalog
import FlowRunner
import Foundation
import Inference
import Provenance
import Support
import Workflow

/// Answers `json` requests one at a time: parses the envelope, dispatches on `op`, and turns every
/// outcome into one response object. Nothing here writes to standard output; progress (a model
/// fetch, a run's id) goes to the context's standard error.
///
/// Request:  `{"id": optional, "op": "...", ...fields of the op}`
/// Response: `{"id": ..., "ok": true, "result": {...}}` or
///           `{"id": ..., "ok": false, "error": {"code": "...", "message": "...", "path": "$.field"}}`
final class JsonSession {
    typealias Operation = (JsonSession, JsonFields) async throws -> JSONValue

    /// Every op by name. Each reads its fields, calls one library function and returns its result.
    static let operations: [String: Operation] = [
        "version": { _, fields in try fields.finish(); return ["version": .string(Consilium.version)] },
        "models.list": { session, fields in try fields.finish(); return try JsonModels.list(session.context) },
        "generate": { session, fields in try await JsonGeneration.generate(fields, session: session) },
        "score": { _, fields in try JsonScoring.score(fields) },
        "run": { session, fields in try await JsonRuns.run(fields, resume: false, context: session.context) },
        "resume": { session, fields in try await JsonRuns.run(fields, resume: true, context: session.context) },
        "runs.list": { session, fields in try JsonRuns.list(fields, context: session.context) },
        "runs.show": { session, fields in try JsonRuns.show(fields, context: session.context) },
        "runs.export": { session, fields in try JsonRuns.export(fields, context: session.context) },
    ]

    let context: CommandContext
    /// Models loaded by earlier requests, by file path: a JSON Lines session loads each once.
    var loadedModels: [String: LocalModel] = [:]

    init(context: CommandContext) {
        self.context = context
    }

    /// The response to one request's bytes, and whether it succeeded. `line` (1-based, JSON Lines)
    /// locates a parse error in the input.
    func respond(to data: Data, line: Int? = nil) async -> (response: JSONValue, ok: Bool) {
        let request: JSONValue
        let place = line.map { "line \($0), " } ?? ""
        do {
            request = try JSONValue(parsing: data)
        } catch let error as JSONParseError {
            return failure(id: .null, JsonFailure(.invalidJSON, "invalid JSON at \(place)byte \(error.offset): \(error.reason)"))
        } catch {
            return failure(id: .null, JsonFailure(.invalidJSON, "\(place)\(error)"))
        }
        var id: JSONValue = .null
        do {
            let fields = try JsonFields(request, path: "$")
            if let given = fields.value("id") {
                guard given.stringValue != nil || given.numberValue != nil else {
                    throw JsonFailure(.invalidRequest, "expected a string or a number, found \(given.typeName)", path: "$.id")
                }
                id = given
            }
            let op = try fields.string("op")
            guard let operation = Self.operations[op] else {
                throw JsonFailure(.unknownOp, "unknown op; expected one of \(Self.operations.keys.sorted().joined(separator: ", "))",
                                  path: "$.op")
            }
            let result = try await operation(self, fields)
            return (["id": id, "ok": true, "result": result], true)
        } catch let failure as JsonFailure {
            return self.failure(id: id, failure)
        } catch {
            return failure(id: id, Self.classify(error))
        }
    }

    private func failure(id: JSONValue, _ failure: JsonFailure) -> (response: JSONValue, ok: Bool) {
        var error: [String: JSONValue] = ["code": .string(failure.code.rawValue), "message": .string(failure.message)]
        if let path = failure.path { error["path"] = .string(path) }
        return (["id": id, "ok": false, "error": .object(error)], false)
    }

    /// The code of an error a library threw, by its type.
    static func classify(_ error: Error) -> JsonFailure {
        switch error {
        case is ModelReferenceError, is ModelFetchError:
            return JsonFailure(.modelNotFound, "\(error)", path: "$.model")
        case is FlowCheckError:
            return JsonFailure(.flowInvalid, "\(error)", path: "$.flow")
        case FlowRunError.invalidInputs(let flow, let problems):
            return JsonFailure(.invalidRequest, "inputs for \(flow): " + problems.joined(separator: "; "), path: "$.inputs")
        case is FlowRunError:
            return JsonFailure(.runFailed, "\(error)")
        case ProvenanceError.runNotFound(let id):
            return JsonFailure(.runNotFound, "no run \(id) in the provenance database", path: "$.run_id")
        case is ProvenanceError:
            return JsonFailure(.runFailed, "\(error)")
        default:
            return JsonFailure(.internal, "\(error)")
        }
    }
}
