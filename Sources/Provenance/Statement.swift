import CSQLite
import Foundation

/// SQLite asks whether to copy bound text and blobs; `SQLITE_TRANSIENT` (-1) says yes, so
/// Swift's buffers may go away as soon as the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One prepared SQL statement. It owns its handle and finalizes it when released.
///
/// Use: bind values, `step()` until it returns false, reading columns on each row. Errors carry
/// the SQL text but never the bound values.
public final class Statement {
    public let sql: String
    private let database: Database
    private let handle: OpaquePointer

    init(database: Database, sql: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, 0, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            // A statement that failed to prepare still needs finalizing (a nil handle is a no-op).
            sqlite3_finalize(handle)
            throw database.error(code, sql: sql)
        }
        self.database = database
        self.sql = sql
        self.handle = handle
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: SQLValue, at index: Int) throws {
        let i = Int32(index)
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, i)
        case .integer(let n): code = sqlite3_bind_int64(handle, i, n)
        case .real(let x): code = sqlite3_bind_double(handle, i, x)
        case .text(let s):
            // An explicit byte count keeps text after an embedded NUL (model output can hold one).
            code = sqlite3_bind_text(handle, i, s, Int32(s.utf8.count), transient)
        case .blob(let data):
            code = data.withUnsafeBytes { raw in
                // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
                sqlite3_bind_blob64(handle, i, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(raw.count), transient)
            }
        }
        guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
    }

    /// Binds a named parameter, written `:name` (or `@name`, `$name`) in the SQL.
    public func bind(_ value: SQLValue, named name: String) throws {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else {
            throw DatabaseError(code: SQLITE_RANGE, message: "no parameter named \(name)", sql: sql, path: database.path)
        }
        try bind(value, at: Int(index))
    }

    /// Binds values to parameters 1, 2, ... in order; the count must match the SQL's.
    public func bind(_ values: [SQLValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw DatabaseError(code: SQLITE_RANGE, message: "expected \(expected) bound values, got \(values.count)",
                                sql: sql, path: database.path)
        }
        for (i, value) in values.enumerated() { try bind(value, at: i + 1) }
    }

    /// Clears the bindings and rewinds, so the statement can run again.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Running

    /// Advances one row: true if a row is ready to read, false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            // Reset so a failed statement does not keep its transaction's locks.
            sqlite3_reset(handle)
            throw database.error(code, sql: sql)
        }
    }

    /// Runs the statement to completion, ignoring any rows.
    public func run(_ values: [SQLValue] = []) throws {
        reset()
        defer { sqlite3_reset(handle) }
        try bind(values)
        while try step() {}
    }

    /// Runs the statement and maps each row.
    public func rows<T>(_ values: [SQLValue] = [], _ transform: (Statement) throws -> T) throws -> [T] {
        reset()
        // Rewind when done so no half-read statement keeps a read snapshot open.
        defer { sqlite3_reset(handle) }
        try bind(values)
        var out: [T] = []
        while try step() { out.append(try transform(self)) }
        return out
    }

    // MARK: Reading columns (0-based, of the current row)

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "#\(index)"
    }

    public func value(at index: Int) -> SQLValue {
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            // Read the byte count first (SQLite's documented order), then the bytes; not up to a NUL.
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let bytes = sqlite3_column_text(handle, i) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let bytes = sqlite3_column_blob(handle, i) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        default: return .null
        }
    }

    public func isNull(at index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    public func int(at index: Int) throws -> Int {
        guard case .integer(let n) = value(at: index) else { throw mismatch(index, expected: "integer") }
        return Int(n)
    }

    public func double(at index: Int) throws -> Double {
        switch value(at: index) {
        case .real(let x): return x
        case .integer(let n): return Double(n)
        default: throw mismatch(index, expected: "real")
        }
    }

    public func text(at index: Int) throws -> String {
        guard case .text(let s) = value(at: index) else { throw mismatch(index, expected: "text") }
        return s
    }

    public func data(at index: Int) throws -> Data {
        guard case .blob(let d) = value(at: index) else { throw mismatch(index, expected: "blob") }
        return d
    }

    public func optionalInt(at index: Int) throws -> Int? { isNull(at: index) ? nil : try int(at: index) }
    public func optionalDouble(at index: Int) throws -> Double? { isNull(at: index) ? nil : try double(at: index) }
    public func optionalText(at index: Int) throws -> String? { isNull(at: index) ? nil : try text(at: index) }

    private func mismatch(_ index: Int, expected: String) -> DatabaseError {
        DatabaseError(code: SQLITE_MISMATCH,
                      message: "column \(index) (\(columnName(index))) holds \(value(at: index).typeName), expected \(expected)",
                      sql: sql, path: database.path)
    }
}
