/// What the provenance store refuses, naming the run, field or row concerned.
public enum ProvenanceError: Error, CustomStringConvertible, Equatable {
    case runNotFound(RunID)
    /// Steps are started before they are finished or their calls recorded.
    case stepNotFound(RunID, step: String)
    /// A run that already ended successfully has nothing to resume.
    case runNotResumable(RunID, status: RunStatus)
    /// A run's status can only move running -> interrupted/succeeded/failed, or back to running on resume.
    case invalidTransition(RunID, from: RunStatus, to: RunStatus)
    /// A JSON field holds a key that looks like a credential (`Authorization`, `api_key`, ...).
    case secretLikeField(field: String, path: String)
    /// Bytes to be stored by content hash contain a registered secret value.
    case secretInArtifact(mediaType: String)
    /// A cache hit must carry the same identity as the call whose answer it reuses.
    case identityMismatch(expected: CallIdentity, found: CallIdentity)
    /// A stored row could not be read back (a JSON column that does not parse, an unknown enum value).
    case corruptRecord(table: String, key: String, column: String, reason: String)
    /// The file is an SQLite database of some other program.
    case notAProvenanceDatabase(path: String, reason: String)

    public var description: String {
        switch self {
        case .runNotFound(let id):
            return "run \(id) not found"
        case let .stepNotFound(id, step):
            return "run \(id) has no step '\(step)'; start the step before recording its calls or its end"
        case let .runNotResumable(id, status):
            return "run \(id) is \(status.rawValue); only running, interrupted or failed runs can be resumed"
        case let .invalidTransition(id, from, to):
            return "run \(id) cannot go from \(from.rawValue) to \(to.rawValue)"
        case let .secretLikeField(field, path):
            return "\(field) holds a credential-like key at \(path); keys and headers are never stored"
        case .secretInArtifact(let mediaType):
            return "an artifact (\(mediaType)) contains a registered secret value; it was not stored"
        case let .identityMismatch(expected, found):
            return "cache hit identity \(found) differs from the cached call's \(expected)"
        case let .corruptRecord(table, key, column, reason):
            return "\(table) row \(key), column \(column): \(reason)"
        case let .notAProvenanceDatabase(path, reason):
            return "\(path) is not a Consilium provenance database: \(reason)"
        }
    }
}
