import Support

/// Reads the store's own encodings (hashes, JSON text, enum names) from a row, naming the
/// table, row and column when stored text does not decode.
struct RowReader {
    let row: Statement
    let table: String
    let key: String

    func json(at index: Int) throws -> JSONValue {
        let text = try row.text(at: index)
        do { return try JSONValue(parsing: text) } catch {
            throw corrupt(index, "\(error)")
        }
    }

    func optionalJSON(at index: Int) throws -> JSONValue? {
        row.isNull(at: index) ? nil : try json(at: index)
    }

    func hash(at index: Int) throws -> ContentHash {
        let text = try row.text(at: index)
        guard let hash = ContentHash(hex: text) else { throw corrupt(index, "'\(text)' is not a SHA-256 hex digest") }
        return hash
    }

    func optionalHash(at index: Int) throws -> ContentHash? {
        row.isNull(at: index) ? nil : try hash(at: index)
    }

    func enumValue<E: RawRepresentable>(_ type: E.Type, at index: Int) throws -> E where E.RawValue == String {
        let text = try row.text(at: index)
        guard let value = E(rawValue: text) else { throw corrupt(index, "unknown value '\(text)'") }
        return value
    }

    func corrupt(_ index: Int, _ reason: String) -> ProvenanceError {
        .corruptRecord(table: table, key: key, column: row.columnName(index), reason: reason)
    }
}
