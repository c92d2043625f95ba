import Foundation
import Support

/// The provenance database: runs, their steps, every model call, artifacts by content hash,
/// and scores. One SQLite file, shared safely by several stores and processes (WAL, busy timeout).
///
/// Every write is committed before the method returns, so a caller never acts on a call or an
/// output the store has not durably recorded (durable against the process being killed; see
/// `Database.Options.synchronousFull` for power loss). Methods are safe to call from several
/// tasks: one lock serializes this store's connection.
public final class ProvenanceStore: @unchecked Sendable {
    public let path: String
    private let db: Database
    private let lock = NSLock()
    private let clock: @Sendable () -> Date
    let secrets: SecretGuard

    /// Opens (creating with mode 0600 if missing) and migrates the database at `path`.
    ///
    /// - Parameter secrets: values that must never be stored (the providers' API keys). They are
    ///   redacted from stored text; credential-like JSON keys are refused whatever their value.
    /// - Throws: `MigrationError.databaseNewer` for a file written by a newer program,
    ///   `ProvenanceError.notAProvenanceDatabase` for another program's SQLite file.
    public init(path: String, secrets: [String] = [], options: Database.Options = Database.Options(),
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.path = path
        self.db = try Database(path: path, options: options)
        self.clock = clock
        self.secrets = SecretGuard(secrets: secrets)
        try claimFile()
        try Migrator(ProvenanceSchema.migrations).migrate(db, now: Timestamp.format(clock()))
    }

    /// The schema version this program writes.
    public static var schemaVersion: Int { ProvenanceSchema.migrations.count }

    /// Marks a new file as ours and refuses a file that belongs to another program.
    private func claimFile() throws {
        try db.transaction {
            let id = try db.prepare("PRAGMA application_id").rows { try $0.int(at: 0) }.first ?? 0
            if id == Int(ProvenanceSchema.applicationID) { return }
            guard id == 0 else {
                throw ProvenanceError.notAProvenanceDatabase(path: path, reason: "application_id is \(id)")
            }
            let tables = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
                .rows { try $0.text(at: 0) }
            guard tables.isEmpty else {
                throw ProvenanceError.notAProvenanceDatabase(
                    path: path, reason: "it already holds tables (\(tables.prefix(5).joined(separator: ", ")))")
            }
            try db.execute("PRAGMA application_id = \(ProvenanceSchema.applicationID)")
        }
    }

    // MARK: Access

    /// Runs `body` holding the lock, in one transaction.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try db.transaction { try body(db) }
    }

    /// Runs `body` holding the lock; reads see one consistent snapshot when they use a transaction.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(db)
    }

    func now() -> String { Timestamp.format(clock()) }

    // MARK: Runs

    /// Records a new run (status running) and stores its inputs as an artifact.
    @discardableResult
    public func createRun(_ spec: RunSpec) throws -> RunRecord {
        let parameters = try secrets.clean(spec.parameters, field: "run parameters")
        try secrets.checkArtifact(spec.inputs.canonicalData, mediaType: "application/json")
        return try write { db in
            let inputsHash = try storeArtifact(db, bytes: spec.inputs.canonicalData, mediaType: "application/json")
            try db.run("""
                INSERT INTO runs (\(RunRecord.columns)) VALUES (?, ?, ?, ?, ?, NULL, 'running', ?, ?, ?)
                """, [.text(spec.id.rawValue), .text(spec.flowID), .text(spec.flowVersion), .text(spec.flowHash.hex),
                      .text(now()), .text(inputsHash.hex), .text(parameters.canonicalText), .text(spec.consiliumVersion)])
            try linkArtifact(db, run: spec.id, role: .input, name: "inputs", hash: inputsHash, step: nil)
            return try requireRun(db, spec.id)
        }
    }

    public func finishRun(_ id: RunID, _ end: RunEnd) throws {
        try setRunStatus(id, to: end.status, allowedFrom: [.running])
    }

    /// For a run whose process is known to be gone (it crashed, or was stopped).
    public func markRunInterrupted(_ id: RunID) throws {
        try setRunStatus(id, to: .interrupted, allowedFrom: [.running])
    }

    func setRunStatus(_ id: RunID, to status: RunStatus, allowedFrom: Set<RunStatus>) throws {
        try write { db in
            let run = try requireRun(db, id)
            guard allowedFrom.contains(run.status) else {
                throw ProvenanceError.invalidTransition(id, from: run.status, to: status)
            }
            let ended = status == .succeeded || status == .failed
            try db.run("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                       [.text(status.rawValue), ended ? .text(now()) : .null, .text(id.rawValue)])
        }
    }

    public func run(_ id: RunID) throws -> RunRecord? {
        try read { db in try fetchRun(db, id) }
    }

    /// All runs, newest first.
    public func runs() throws -> [RunRecord] {
        try read { db in
            try db.cachedStatement("SELECT \(RunRecord.columns) FROM runs ORDER BY created_at DESC, id")
                .rows { try RunRecord(row: $0) }
        }
    }

    func fetchRun(_ db: Database, _ id: RunID) throws -> RunRecord? {
        try db.cachedStatement("SELECT \(RunRecord.columns) FROM runs WHERE id = ?")
            .rows([.text(id.rawValue)]) { try RunRecord(row: $0) }.first
    }

    func requireRun(_ db: Database, _ id: RunID) throws -> RunRecord {
        guard let run = try fetchRun(db, id) else { throw ProvenanceError.runNotFound(id) }
        return run
    }

    // MARK: Steps

    /// Records that a step started. Starting it again (on resume) sets it running once more and
    /// keeps its first start time.
    @discardableResult
    public func startStep(run: RunID, name: String, kind: String) throws -> StepRecord {
        try write { db in
            _ = try requireRun(db, run)
            try db.run("""
                INSERT INTO steps (run_id, name, kind, status, started_at) VALUES (?, ?, ?, 'running', ?)
                ON CONFLICT (run_id, name) DO UPDATE SET status = 'running', finished_at = NULL, error = NULL
                """, [.text(run.rawValue), .text(name), .text(kind), .text(now())])
            return try requireStep(db, run: run, name: name)
        }
    }

    @discardableResult
    public func finishStep(run: RunID, name: String, _ end: StepEnd) throws -> StepRecord {
        try write { db in
            try db.run("UPDATE steps SET status = ?, finished_at = ?, error = ? WHERE run_id = ? AND name = ?",
                       [.text(end.status.rawValue), .text(now()), SQLValue(secrets.redact(end.error)),
                        .text(run.rawValue), .text(name)])
            return try requireStep(db, run: run, name: name)
        }
    }

    public func steps(run: RunID) throws -> [StepRecord] {
        try read { db in
            try db.cachedStatement("SELECT \(StepRecord.columns) FROM steps WHERE run_id = ? ORDER BY started_at, name")
                .rows([.text(run.rawValue)]) { try StepRecord(row: $0) }
        }
    }

    func requireStep(_ db: Database, run: RunID, name: String) throws -> StepRecord {
        let step = try db.cachedStatement("SELECT \(StepRecord.columns) FROM steps WHERE run_id = ? AND name = ?")
            .rows([.text(run.rawValue), .text(name)]) { try StepRecord(row: $0) }.first
        guard let step else { throw ProvenanceError.stepNotFound(run, step: name) }
        return step
    }
}
