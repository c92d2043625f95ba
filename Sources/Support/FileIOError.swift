#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on a file: which file, what was being done, and the system's reason.
public struct FileIOError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    /// What was attempted, e.g. "open for reading", "write at offset 1048576".
    public var operation: String
    public var reason: String

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    /// An error whose reason is the current `errno`'s message.
    static func fromErrno(path: String, operation: String) -> FileIOError {
        FileIOError(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }

    public var description: String { "\(path): cannot \(operation): \(reason)" }
}
