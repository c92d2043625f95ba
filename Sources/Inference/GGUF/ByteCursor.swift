/// Reads little-endian values from untrusted bytes, checking every read against the end.
///
/// Every read names the field it is for, so an error says what could not be read and where.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    private(set) var offset: Int = 0

    init(bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    var remaining: Int { bytes.count - offset }

    func error(_ field: String, _ reason: String, at position: Int? = nil) -> GGUFError {
        GGUFError(file: file, offset: position ?? offset, field: field, reason: reason)
    }

    private mutating func take(_ count: Int, _ field: String) throws -> Int {
        guard count >= 0, count <= remaining else {
            throw error(field, "needs \(count) bytes, only \(remaining) left in the file (truncated or corrupt)")
        }
        let start = offset
        offset += count
        return start
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ field: String) throws -> T {
        let start = try take(MemoryLayout<T>.size, field)
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: T.self))
    }

    mutating func readFloat32(_ field: String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, field))
    }

    mutating func readFloat64(_ field: String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, field))
    }

    /// A GGUF string: u64 length then that many bytes, which must be UTF-8.
    mutating func readString(_ field: String) throws -> String {
        let lengthAt = offset
        let length = try read(UInt64.self, "\(field): length")
        guard length <= UInt64(remaining) else {
            throw error(field, "string claims \(length) bytes, only \(remaining) left in the file", at: lengthAt)
        }
        let start = try take(Int(length), field)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(length))])
        guard let s = String(validating: slice.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw error(field, "string is not valid UTF-8", at: start)
        }
        return s
    }

    mutating func skip(to position: Int, _ field: String) throws {
        guard position >= offset else { throw error(field, "cannot move back to byte \(position)") }
        _ = try take(position - offset, field)
    }
}
