#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a new file sequentially, creating it or truncating an existing one.
///
/// `close()` flushes the data to disk (fsync) before closing, so a file renamed into place
/// afterwards is complete even after a crash. Errors name the file and the offset.
public final class FileWriter {
    public let path: String
    private var fd: Int32
    /// Bytes written so far.
    public private(set) var offset = 0

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIOError.fromErrno(path: path, operation: "create") }
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress, fd >= 0 else {
            if fd < 0 { throw FileIOError(path: path, operation: "write", reason: "file is already closed") }
            return
        }
        var remaining = bytes.count
        while remaining > 0 {
            let count = systemWrite(fd, base, remaining)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIOError.fromErrno(path: path, operation: "write at offset \(offset)")
            }
            base += count
            remaining -= count
            offset += count
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Flushes to disk and closes; the writer accepts no more bytes.
    public func close() throws {
        guard fd >= 0 else { return }
        defer { fd = -1 }
        if fsync(fd) != 0 {
            let error = FileIOError.fromErrno(path: path, operation: "flush to disk")
            _ = systemClose(fd)
            throw error
        }
        if systemClose(fd) != 0 { throw FileIOError.fromErrno(path: path, operation: "close") }
    }
}

// The C calls, reachable by name from inside `FileWriter`, whose methods shadow them.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
