import Foundation

/// Somewhere a command writes text: standard output or error in the program, a string in tests.
public protocol TextWriter: Sendable {
    func write(_ text: String)
}

extension TextWriter {
    /// Writes `line` followed by a newline.
    public func writeLine(_ line: String = "") {
        write(line + "\n")
    }
}

/// Writes UTF-8 text to a file handle, unbuffered, so output interleaves with other writers
/// in the order it was produced.
public struct FileHandleWriter: TextWriter, @unchecked Sendable {
    // FileHandle is safe to share for writes; it is not marked Sendable on every platform.
    private let handle: FileHandle

    public init(_ handle: FileHandle) {
        self.handle = handle
    }

    public static var standardOutput: FileHandleWriter { FileHandleWriter(.standardOutput) }
    public static var standardError: FileHandleWriter { FileHandleWriter(.standardError) }

    public func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}

/// Collects everything written into one string; for tests and for commands that need their
/// output as a value.
public final class StringWriter: TextWriter, @unchecked Sendable {
    // Guarded by `lock`: a command may write from several tasks.
    private var storage = ""
    private let lock = NSLock()

    public init() {}

    public func write(_ text: String) {
        lock.lock()
        storage += text
        lock.unlock()
    }

    /// Everything written so far.
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
