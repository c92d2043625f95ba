#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory; the bytes stay valid while this object lives.
///
/// Mapped pages are backed by the file, so mapping a 90 MB archive costs address space, not
/// memory: the kernel pages bytes in as they are read and may drop them again.
public final class MappedFile: @unchecked Sendable {
    // Immutable after init; the mapping is read-only.
    public let path: String
    public let bytes: UnsafeRawBufferPointer

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError.fromErrno(path: path, operation: "open for reading") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileIOError.fromErrno(path: path, operation: "stat") }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else {
            throw FileIOError.fromErrno(path: path, operation: "map into memory")
        }
        bytes = UnsafeRawBufferPointer(start: raw, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
