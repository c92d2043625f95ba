import Foundation

/// One step of a schema's history. Versions count up from 1 with no gaps, and a migration
/// once released is never edited: a change to the schema is a new migration.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    /// The file was written by a newer program: its schema has migrations this one does not know.
    case databaseNewer(path: String, found: Int, supported: Int)
    /// The file's recorded history differs from this program's (another schema, or an edited one).
    case historyMismatch(path: String, version: Int, recorded: String, expected: String)
    /// The program's own list is malformed (versions not 1, 2, 3, ...).
    case invalidList(reason: String)

    public var description: String {
        switch self {
        case let .databaseNewer(path, found, supported):
            return "\(path): schema version \(found) is newer than this program supports (\(supported)); "
                + "open it with a newer consilium, or use another database file"
        case let .historyMismatch(path, version, recorded, expected):
            return "\(path): schema migration \(version) is recorded as '\(recorded)', this program expects '\(expected)'"
        case let .invalidList(reason):
            return "invalid migration list: \(reason)"
        }
    }
}

/// Brings a database to the latest schema by applying, in order, the migrations it lacks.
///
/// The applied ones are recorded in `schema_migrations` (version, name, time) and the version is
/// mirrored in `PRAGMA user_version` so the sqlite3 shell shows it. Everything runs in one
/// `BEGIN IMMEDIATE` transaction that first re-reads the version, so two processes opening a new
/// file at once apply each migration exactly once.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(_ migrations: [Migration]) throws {
        for (i, migration) in migrations.enumerated() where migration.version != i + 1 {
            throw MigrationError.invalidList(reason: "migration #\(i) ('\(migration.name)') has version \(migration.version), expected \(i + 1)")
        }
        self.migrations = migrations
    }

    public var latestVersion: Int { migrations.count }

    /// Applies what is missing; returns the version found and the version now in the file.
    @discardableResult
    public func migrate(_ db: Database, now: String) throws -> (from: Int, to: Int) {
        try db.transaction {
            try db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                ) STRICT
                """)
            let recorded = try db.prepare("SELECT version, name FROM schema_migrations ORDER BY version")
                .rows { (try $0.int(at: 0), try $0.text(at: 1)) }
            let found = recorded.last?.0 ?? 0
            guard found <= latestVersion else {
                throw MigrationError.databaseNewer(path: db.path, found: found, supported: latestVersion)
            }
            for (version, name) in recorded {
                // found <= latestVersion, so any version >= 1 indexes the list.
                let expected = version >= 1 ? migrations[version - 1].name : "(no migration \(version))"
                guard name == expected else {
                    throw MigrationError.historyMismatch(path: db.path, version: version, recorded: name, expected: expected)
                }
            }
            for migration in migrations where migration.version > found {
                try db.execute(migration.sql)
                try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           [SQLValue(migration.version), .text(migration.name), .text(now)])
            }
            // PRAGMA takes no bound parameters; the version is an Int we produced.
            try db.execute("PRAGMA user_version = \(latestVersion)")
            return (found, latestVersion)
        }
    }

    /// The version recorded in the file, without changing anything (0 for a new file).
    public static func currentVersion(of db: Database) throws -> Int {
        let exists = try db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
            .rows { _ in true }.first ?? false
        guard exists else { return 0 }
        return try db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations").rows { try $0.int(at: 0) }.first ?? 0
    }
}
