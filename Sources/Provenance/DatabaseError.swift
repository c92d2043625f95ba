import CSQLite

/// A failed SQLite call: the result code, SQLite's message, the file and the SQL text.
///
/// Bound values are never part of the error: they can hold patient data, and errors end up in
/// logs and reports. The SQL is the statement as written, with its `?` and `:name` placeholders.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The primary result code (`SQLITE_CONSTRAINT` = 19, `SQLITE_BUSY` = 5, ...).
    public let code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` = 2067, ...), or `code` if none.
    public let extendedCode: Int32
    public let message: String
    public let sql: String?
    public let path: String

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String?, path: String) {
        self.code = code & 0xff
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// Reads the connection's last error: call right after the failing SQLite function.
    init(connection: OpaquePointer?, code: Int32, sql: String?, path: String) {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        self.init(code: code, extendedCode: extended, message: message, sql: sql, path: path)
    }

    public var description: String {
        let name = String(cString: sqlite3_errstr(code))
        var text = "SQLite error \(code) (\(name); extended code \(extendedCode)) in \(path): \(message)"
        if let sql { text += " -- SQL: \(sql)" }
        return text
    }
}
