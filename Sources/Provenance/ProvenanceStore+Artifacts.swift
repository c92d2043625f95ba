import Foundation
import Support

// MARK: Artifacts (content-addressed) and scores

extension ProvenanceStore {
    /// Stores bytes under their SHA-256 (once: the same bytes are stored one time) and links
    /// them to the run under `role` and `name`. Returns the content hash.
    @discardableResult
    public func storeArtifact(run: RunID, role: ArtifactRole, name: String, bytes: Data, mediaType: String,
                              step: String? = nil) throws -> ContentHash {
        try secrets.checkArtifact(bytes, mediaType: mediaType)
        return try write { db in
            _ = try requireRun(db, run)
            let hash = try storeArtifact(db, bytes: bytes, mediaType: mediaType)
            try linkArtifact(db, run: run, role: role, name: name, hash: hash, step: step)
            return hash
        }
    }

    /// Stores a JSON value as its canonical text (`application/json`), so equal values share a hash.
    @discardableResult
    public func storeJSON(run: RunID, role: ArtifactRole, name: String, value: JSONValue,
                          step: String? = nil) throws -> ContentHash {
        try storeArtifact(run: run, role: role, name: name, bytes: value.canonicalData,
                                 mediaType: "application/json", step: step)
    }

    public func artifact(_ hash: ContentHash) throws -> Artifact? {
        try read { db in
            try db.cachedStatement("SELECT media_type, bytes FROM artifacts WHERE hash = ?")
                .rows([.text(hash.hex)]) { Artifact(hash: hash, mediaType: try $0.text(at: 0), bytes: try $0.data(at: 1)) }
                .first
        }
    }

    /// The artifacts a run used and produced, by role and name.
    public func artifacts(run: RunID) throws -> [ArtifactLink] {
        try read { db in
            try db.cachedStatement(ArtifactLink.query).rows([.text(run.rawValue)]) { try ArtifactLink(row: $0) }
        }
    }

    func storeArtifact(_ db: Database, bytes: Data, mediaType: String) throws -> ContentHash {
        let hash = ContentHash.of(bytes)
        try db.run("""
            INSERT INTO artifacts (hash, media_type, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (hash) DO NOTHING
            """, [.text(hash.hex), .text(mediaType), SQLValue(bytes.count), .blob(bytes), .text(now())])
        return hash
    }

    func linkArtifact(_ db: Database, run: RunID, role: ArtifactRole, name: String, hash: ContentHash,
                      step: String?) throws {
        // Re-linking the same name (a resumed step writing its output again) replaces the link.
        try db.run("""
            INSERT INTO run_artifacts (run_id, role, name, hash, step_name) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (run_id, role, name) DO UPDATE SET hash = excluded.hash, step_name = excluded.step_name
            """, [.text(run.rawValue), .text(role.rawValue), .text(name), .text(hash.hex), SQLValue(step)])
    }

    // MARK: Scores

    /// Records one metric value; recording the same (step, item, metric) again replaces it.
    @discardableResult
    public func recordScore(run: RunID, step: String, item: String = "", metric: String, value: Double,
                            details: JSONValue = .object([:])) throws -> ScoreRecord {
        let clean = secrets.redact(details)
        return try write { db in
            _ = try requireStep(db, run: run, name: step)
            try db.run("""
                INSERT INTO scores (run_id, step_name, item_key, metric, value, details_json, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, step_name, item_key, metric)
                DO UPDATE SET value = excluded.value, details_json = excluded.details_json, created_at = excluded.created_at
                """, [.text(run.rawValue), .text(step), .text(item), .text(metric), .real(value),
                      .text(clean.canonicalText), .text(now())])
            let score = try db.cachedStatement("""
                SELECT \(ScoreRecord.columns) FROM scores WHERE run_id = ? AND step_name = ? AND item_key = ? AND metric = ?
                """).rows([.text(run.rawValue), .text(step), .text(item), .text(metric)]) { try ScoreRecord(row: $0) }.first
            guard let score else {
                throw ProvenanceError.corruptRecord(table: "scores", key: "\(run)/\(metric)", column: "id",
                                                    reason: "not found after insert")
            }
            return score
        }
    }

    public func scores(run: RunID) throws -> [ScoreRecord] {
        try read { db in
            try db.cachedStatement("SELECT \(ScoreRecord.columns) FROM scores WHERE run_id = ? ORDER BY id")
                .rows([.text(run.rawValue)]) { try ScoreRecord(row: $0) }
        }
    }
}
