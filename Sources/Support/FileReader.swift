#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file front to back in fixed-size chunks, for hashing files too large to hold.
public final class FileReader {
    public let path: String
    private let fd: Int32
    /// 1 MiB: large enough that system-call overhead is negligible, small enough to stay in cache.
    public static let chunkSize = 1 << 20

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError.fromErrno(path: path, operation: "open for reading") }
    }

    deinit { close(fd) }

    /// Calls `body` with each chunk in order; the buffer is only valid during the call.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        var offset = 0
        while true {
            let count = read(fd, buffer, Self.chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIOError.fromErrno(path: path, operation: "read at offset \(offset)")
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(start: buffer, count: count))
            offset += count
        }
    }
}
