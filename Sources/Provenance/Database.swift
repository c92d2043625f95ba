import CSQLite
import Foundation

/// One connection to an SQLite file, set up the way the provenance store relies on:
/// created with owner-only permissions, WAL journal, a busy timeout, foreign keys enforced.
///
/// A connection is not shared between threads without a lock around it (`ProvenanceStore` holds
/// one); several connections, in one process or many, may use the same file at once.
public final class Database {
    public struct Options: Sendable {
        /// How long a write waits for another connection's write to finish before `SQLITE_BUSY`.
        public var busyTimeoutMilliseconds: Int32 = 10_000
        /// `NORMAL` in WAL mode: a commit survives the process being killed; `FULL` also survives
        /// power loss, at one fsync per commit.
        public var synchronousFull = false

        public init(busyTimeoutMilliseconds: Int32 = 10_000, synchronousFull: Bool = false) {
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.synchronousFull = synchronousFull
        }
    }

    public let path: String
    let handle: OpaquePointer
    private var statementCache: [String: Statement] = [:]

    /// Opens the file at `path`, creating it (mode 0600) if it does not exist.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        try Database.createOwnerOnly(path)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = DatabaseError(connection: handle, code: code, sql: nil, path: path)
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, options.busyTimeoutMilliseconds)
        try configure(options)
    }

    deinit {
        statementCache.removeAll()
        // close_v2 defers the close until any statement still alive is finalized.
        sqlite3_close_v2(handle)
    }

    /// Creates an empty file with mode 0600 in one `open(O_CREAT|O_EXCL)`, so the database is
    /// never readable by others, not even between creation and a later chmod. SQLite takes an
    /// empty file as a new database and gives its -wal and -shm files the same mode.
    private static func createOwnerOnly(_ path: String) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd >= 0 {
            close(fd)
            return
        }
        let err = errno
        if err == EEXIST { return }
        throw DatabaseError(code: SQLITE_CANTOPEN, message: "cannot create the file: \(String(cString: strerror(err)))",
                            sql: nil, path: path)
    }

    private func configure(_ options: Options) throws {
        let mode = try prepare("PRAGMA journal_mode = WAL").rows { try $0.text(at: 0) }.first
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(code: SQLITE_ERROR, message: "WAL journal mode refused (got \(mode ?? "nothing"))",
                                sql: "PRAGMA journal_mode = WAL", path: path)
        }
        try execute("PRAGMA foreign_keys = ON")
        try execute(options.synchronousFull ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
    }

    // MARK: Statements

    /// Prepares a statement that belongs to the caller.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// A prepared statement kept for reuse, keyed by its SQL text; reset before it is returned.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement with its bound values, ignoring rows.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        try cachedStatement(sql).run(values)
    }

    /// Runs SQL that may hold several statements and binds nothing (schema scripts, pragmas).
    public func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: Transactions

    /// Runs `body` in a transaction, committed if it returns and rolled back if it throws.
    ///
    /// Writes use `BEGIN IMMEDIATE`: the write lock is taken up front, so a busy database makes
    /// the transaction wait its turn (busy timeout) instead of failing midway on lock upgrade.
    /// Inside another transaction this becomes a savepoint. Read-only work may pass `.deferred`
    /// to read one consistent snapshot without taking the write lock.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        let nested = isInTransaction
        try execute(nested ? "SAVEPOINT nested" : "BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute(nested ? "RELEASE nested" : "COMMIT")
            return result
        } catch {
            if nested {
                try? execute("ROLLBACK TO nested")
                try? execute("RELEASE nested")
            } else if isInTransaction {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }

    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        case immediate = "IMMEDIATE"
    }

    func error(_ code: Int32, sql: String?) -> DatabaseError {
        DatabaseError(connection: handle, code: code, sql: sql, path: path)
    }
}
