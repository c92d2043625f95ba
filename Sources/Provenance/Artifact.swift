import Support
import Foundation

/// Bytes stored under their content hash: inputs, reference data, outputs.
public struct Artifact: Equatable, Sendable {
    public let hash: ContentHash
    /// e.g. `application/json` (canonical JSON text), `text/plain`, `text/csv`.
    public let mediaType: String
    public let bytes: Data
}

/// What an artifact is to a run.
public enum ArtifactRole: String, Sendable, CaseIterable {
    case input
    case reference
    case output
    case intermediate
}

/// A run's use of an artifact: role and name within the run, and the step involved, if any.
public struct ArtifactLink: Equatable, Sendable {
    public let runID: RunID
    public let role: ArtifactRole
    public let name: String
    public let hash: ContentHash
    public let step: String?
    public let mediaType: String
    public let size: Int

    static let query = """
        SELECT l.run_id, l.role, l.name, l.hash, l.step_name, a.media_type, a.size
        FROM run_artifacts l JOIN artifacts a ON a.hash = l.hash
        WHERE l.run_id = ? ORDER BY l.role, l.name
        """

    init(row: Statement) throws {
        let reader = RowReader(row: row, table: "run_artifacts", key: try row.text(at: 0) + "/" + row.text(at: 2))
        runID = RunID(try row.text(at: 0))
        role = try reader.enumValue(ArtifactRole.self, at: 1)
        name = try row.text(at: 2)
        hash = try reader.hash(at: 3)
        step = try row.optionalText(at: 4)
        mediaType = try row.text(at: 5)
        size = try row.int(at: 6)
    }
}
