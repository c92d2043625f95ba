/// The provenance database's schema, as its migrations. Append new migrations; never edit one.
///
/// Conventions: times are ISO 8601 UTC text with milliseconds (`2026-01-31T12:00:00.000Z`); JSON
/// columns hold canonical JSON text (sorted keys, compact) so equal values compare equal; hashes
/// are SHA-256 as 64 lowercase hex digits. Tables are STRICT, so a wrong type is an error.
enum ProvenanceSchema {
    /// `PRAGMA application_id`: marks the file as a Consilium provenance store ("CNSL").
    static let applicationID: Int32 = 0x434E_534C

    static let migrations: [Migration] = [
        Migration(version: 1, name: "runs, steps, calls, artifacts, scores", sql: """
            CREATE TABLE runs (
                id TEXT PRIMARY KEY,
                flow_id TEXT NOT NULL,
                flow_version TEXT NOT NULL,
                flow_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                finished_at TEXT,
                status TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'succeeded', 'failed')),
                inputs_hash TEXT NOT NULL,
                parameters_json TEXT NOT NULL,
                consilium_version TEXT NOT NULL
            ) STRICT;

            CREATE TABLE steps (
                run_id TEXT NOT NULL REFERENCES runs(id),
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
                started_at TEXT NOT NULL,
                finished_at TEXT,
                error TEXT,
                PRIMARY KEY (run_id, name)
            ) STRICT;

            -- One row per model call, including cache hits (cache_hit = 1, cached_from = the call
            -- whose answer was reused) and every re-ask (attempt 2, 3, ...).
            CREATE TABLE calls (
                id INTEGER PRIMARY KEY,
                run_id TEXT NOT NULL,
                step_name TEXT NOT NULL,
                item_key TEXT NOT NULL,
                attempt INTEGER NOT NULL CHECK (attempt >= 1),
                identity TEXT NOT NULL,
                provider TEXT NOT NULL,
                model_id TEXT NOT NULL,
                model_sha256 TEXT,
                quantization TEXT,
                reported_model TEXT,
                sampling_json TEXT NOT NULL,
                template_id TEXT,
                template_hash TEXT,
                schema_hash TEXT,
                messages_json TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('valid', 'text', 'invalid', 'unparseable', 'failed')),
                raw_output TEXT,
                parsed_output_json TEXT,
                validation_error TEXT,
                error TEXT,
                prompt_tokens INTEGER,
                completion_tokens INTEGER,
                latency_ms REAL NOT NULL,
                cache_hit INTEGER NOT NULL CHECK (cache_hit IN (0, 1)),
                cached_from INTEGER REFERENCES calls(id),
                created_at TEXT NOT NULL,
                FOREIGN KEY (run_id, step_name) REFERENCES steps(run_id, name),
                UNIQUE (run_id, step_name, item_key, attempt)
            ) STRICT;
            -- The cache looks up successful answers by identity, oldest first.
            CREATE INDEX calls_cache ON calls(identity, id) WHERE outcome IN ('valid', 'text');

            CREATE TABLE artifacts (
                hash TEXT PRIMARY KEY,
                media_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                bytes BLOB NOT NULL,
                created_at TEXT NOT NULL
            ) STRICT;

            -- How a run relates to stored content: its inputs, reference data, outputs.
            CREATE TABLE run_artifacts (
                run_id TEXT NOT NULL REFERENCES runs(id),
                role TEXT NOT NULL CHECK (role IN ('input', 'reference', 'output', 'intermediate')),
                name TEXT NOT NULL,
                hash TEXT NOT NULL REFERENCES artifacts(hash),
                step_name TEXT,
                PRIMARY KEY (run_id, role, name)
            ) STRICT;

            CREATE TABLE scores (
                id INTEGER PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs(id),
                step_name TEXT NOT NULL,
                item_key TEXT NOT NULL,
                metric TEXT NOT NULL,
                value REAL NOT NULL,
                details_json TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (run_id, step_name, item_key, metric)
            ) STRICT;
            """),
    ]
}
