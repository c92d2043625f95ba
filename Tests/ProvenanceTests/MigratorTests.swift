import Foundation
import Provenance
import XCTest

final class MigratorTests: XCTestCase {
    func testMigratesFromEmptyAndReopensIdempotently() throws {
        let path = try temporaryStorePath(self)
        _ = try ProvenanceStore(path: path)
        let db = try Database(path: path)
        XCTAssertEqual(try Migrator.currentVersion(of: db), ProvenanceStore.schemaVersion)
        XCTAssertEqual(try db.prepare("PRAGMA user_version").rows { try $0.int(at: 0) }, [ProvenanceStore.schemaVersion])
        let tables = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows { try $0.text(at: 0) }
        XCTAssertEqual(tables, ["artifacts", "calls", "run_artifacts", "runs", "schema_migrations", "scores", "steps"])

        // Reopening applies nothing and keeps the data.
        let store = try ProvenanceStore(path: path)
        let run = try store.createRun(Sample.spec())
        let again = try ProvenanceStore(path: path)
        XCTAssertEqual(try again.run(run.id), run)
        XCTAssertEqual(try db.prepare("SELECT count(*) FROM schema_migrations").rows { try $0.int(at: 0) },
                       [ProvenanceStore.schemaVersion])
    }

    func testDatabaseFromNewerProgramIsRefused() throws {
        let path = try temporaryStorePath(self)
        _ = try ProvenanceStore(path: path)
        let db = try Database(path: path)
        let newer = ProvenanceStore.schemaVersion + 1
        try db.run("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01T00:00:00.000Z')", [SQLValue(newer)])
        XCTAssertThrowsError(try ProvenanceStore(path: path)) { error in
            XCTAssertEqual(error as? MigrationError,
                           .databaseNewer(path: path, found: newer, supported: ProvenanceStore.schemaVersion))
            XCTAssertTrue("\(error)".contains("newer than this program supports"), "\(error)")
        }
    }

    func testEditedHistoryIsRefused() throws {
        let path = try temporaryStorePath(self)
        let db = try Database(path: path)
        let first = try Migrator([Migration(version: 1, name: "create t", sql: "CREATE TABLE t (x)")])
        try first.migrate(db, now: "2026-01-01T00:00:00.000Z")
        let other = try Migrator([Migration(version: 1, name: "create u", sql: "CREATE TABLE u (x)")])
        XCTAssertThrowsError(try other.migrate(db, now: "2026-01-01T00:00:00.000Z")) { error in
            XCTAssertEqual(error as? MigrationError,
                           .historyMismatch(path: path, version: 1, recorded: "create t", expected: "create u"))
        }
        XCTAssertThrowsError(try Migrator([Migration(version: 2, name: "gap", sql: "")]))
    }

    func testAppliesOnlyMissingMigrationsInOrder() throws {
        let db = try Database(path: try temporaryStorePath(self))
        let v1 = Migration(version: 1, name: "t", sql: "CREATE TABLE t (x INTEGER)")
        let v2 = Migration(version: 2, name: "t.y", sql: "ALTER TABLE t ADD COLUMN y TEXT")
        let now = "2026-01-01T00:00:00.000Z"
        XCTAssertTrue(try Migrator([v1]).migrate(db, now: now) == (0, 1))
        XCTAssertTrue(try Migrator([v1, v2]).migrate(db, now: now) == (1, 2))
        XCTAssertTrue(try Migrator([v1, v2]).migrate(db, now: now) == (2, 2))
        try db.run("INSERT INTO t (x, y) VALUES (1, 'ok')")
    }

    func testForeignSQLiteFileIsRefused() throws {
        let path = try temporaryStorePath(self)
        let db = try Database(path: path)
        try db.execute("CREATE TABLE notes (text TEXT)")
        XCTAssertThrowsError(try ProvenanceStore(path: path)) { error in
            XCTAssertTrue("\(error)".contains("not a Consilium provenance database"), "\(error)")
        }
    }
}
