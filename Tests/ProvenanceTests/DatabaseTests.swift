import Foundation
import Provenance
import XCTest

final class DatabaseTests: XCTestCase {
    func testNewFileIsOwnerOnlyAndSoAreItsWALFiles() throws {
        let path = try temporaryStorePath(self)
        let old = umask(0o022)  // the usual umask, which would give 0644 without care
        defer { umask(old) }
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1)")
        for file in [path, path + "-wal", path + "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
            XCTAssertEqual(mode, 0o600, "\(file) mode \(String(mode ?? -1, radix: 8))")
        }
    }

    func testConnectionIsWALWithForeignKeysAndBusyTimeout() throws {
        let db = try Database(path: try temporaryStorePath(self), options: .init(busyTimeoutMilliseconds: 1234))
        XCTAssertEqual(try db.prepare("PRAGMA journal_mode").rows { try $0.text(at: 0) }, ["wal"])
        XCTAssertEqual(try db.prepare("PRAGMA foreign_keys").rows { try $0.int(at: 0) }, [1])
        XCTAssertEqual(try db.prepare("PRAGMA busy_timeout").rows { try $0.int(at: 0) }, [1234])
    }

    func testBindingByIndexAndNameAndTypedReads() throws {
        let db = try Database(path: try temporaryStorePath(self))
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, :real, ?, @blob, ?)")
        try insert.bind(SQLValue(Int.max), at: 1)
        try insert.bind(.real(-0.25), named: ":real")
        try insert.bind(.text("é\u{0}x"), at: 3)
        try insert.bind(.blob(Data([0, 255, 7])), named: "@blob")
        try insert.bind(.null, at: 5)
        XCTAssertFalse(try insert.step())

        let rows = try db.prepare("SELECT i, r, s, b, n FROM t").rows { row in
            (try row.int(at: 0), try row.double(at: 1), try row.text(at: 2), try row.data(at: 3), try row.optionalText(at: 4))
        }
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].0, Int.max)
        XCTAssertEqual(rows[0].1, -0.25)
        XCTAssertEqual(rows[0].2, "é\u{0}x")
        XCTAssertEqual(rows[0].3, Data([0, 255, 7]))
        XCTAssertNil(rows[0].4)
        // A wrong-type read names the column and both types.
        XCTAssertThrowsError(try db.prepare("SELECT s FROM t").rows { try $0.int(at: 0) }) { error in
            XCTAssertTrue("\(error)".contains("column 0 (s) holds text, expected integer"), "\(error)")
        }
        XCTAssertThrowsError(try insert.bind(.null, named: ":missing"))
    }

    /// The error names the code, message and SQL text, and never a bound value: those can be patient data.
    func testFailedStatementErrorNamesSQLAndCodeButNotBoundValues() throws {
        let db = try Database(path: try temporaryStorePath(self))
        try db.execute("CREATE TABLE patients (id TEXT PRIMARY KEY, note TEXT NOT NULL) STRICT")
        let sql = "INSERT INTO patients (id, note) VALUES (?, ?)"
        try db.run(sql, [.text("P-0001"), .text("BRCA1 c.68_69delAG carrier")])
        XCTAssertThrowsError(try db.run(sql, [.text("P-0001"), .text("TP53 R175H somatic")])) { error in
            guard let error = error as? DatabaseError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, 19)  // SQLITE_CONSTRAINT
            XCTAssertEqual(error.extendedCode, 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
            XCTAssertEqual(error.sql, sql)
            let text = "\(error)"
            XCTAssertTrue(text.contains(sql) && text.contains("patients.id"), text)
            for value in ["P-0001", "TP53", "R175H", "BRCA1"] { XCTAssertFalse(text.contains(value), text) }
        }
        XCTAssertThrowsError(try db.run("INSERT INTO nowhere VALUES (?)", [.text("secret")])) { error in
            XCTAssertTrue("\(error)".contains("no such table: nowhere"), "\(error)")
            XCTAssertTrue("\(error)".contains("INSERT INTO nowhere"), "\(error)")
        }
    }

    func testTransactionRollsBackOnError() throws {
        let db = try Database(path: try temporaryStorePath(self))
        try db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        struct Stop: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.run("INSERT INTO t VALUES (1)")
            try db.transaction { try db.run("INSERT INTO t VALUES (2)") }  // nested: a savepoint
            throw Stop()
        })
        XCTAssertEqual(try db.prepare("SELECT count(*) FROM t").rows { try $0.int(at: 0) }, [0])
        XCTAssertFalse(db.isInTransaction)
    }
}
