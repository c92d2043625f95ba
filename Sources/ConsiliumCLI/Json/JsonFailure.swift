/// A request that failed, as the `json` command reports it: a stable code for programs, a
/// message for people, and the JSON path of the request field at fault when there is one.
/// Messages name fields and expectations, never the values given, so a secret pasted into a
/// wrong field is not echoed back.
struct JsonFailure: Error, Equatable, CustomStringConvertible {
    enum Code: String, CaseIterable {
        /// The request is not JSON (or not UTF-8).
        case invalidJSON = "invalid_json"
        /// `op` names no operation.
        case unknownOp = "unknown_op"
        /// A field is missing, of the wrong type, out of range, or not part of the op.
        case invalidRequest = "invalid_request"
        /// The model is not in the catalog, not a file, or could not be fetched or loaded.
        case modelNotFound = "model_not_found"
        /// The flow file is missing or failed its check; nothing was run.
        case flowInvalid = "flow_invalid"
        /// The run (or a resumed run) started but could not finish.
        case runFailed = "run_failed"
        /// The run id is not in the provenance database.
        case runNotFound = "run_not_found"
        /// Anything else: a bug or an environment problem; the message says what.
        case `internal` = "internal"
    }

    let code: Code
    let message: String
    /// `$.field` (JSONPath) of the request field at fault, when one is.
    let path: String?

    init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    var description: String { "\(code.rawValue): \(message)" + (path.map { " at \($0)" } ?? "") }
}
