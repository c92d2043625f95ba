/// One file in a zip archive, as its central directory entry describes it.
public struct ZipEntry: Equatable, Sendable {
    public enum Method: Equatable, Sendable {
        case stored
        case deflate
    }

    public let name: String
    public let method: Method
    public let compressedSize: Int
    public let uncompressedSize: Int
    public let crc32: UInt32
    /// Where the member's local header starts.
    public let localHeaderOffset: Int
    /// Where this entry's central directory record starts, for error messages.
    public let centralOffset: Int
}

/// Reads a zip archive (a Python wheel, in practice): the end-of-central-directory record, the
/// central directory, and members' local headers; extracts stored and deflated members,
/// streaming, with their CRC-32 and size checked.
///
/// Every offset and length read from the archive is checked against the file before use;
/// problems throw a `ZipError` naming the archive, the member and the byte offset. Not
/// supported (and reported as such): ZIP64, multi-disk archives, encryption, methods other
/// than stored and deflate.
public final class ZipArchive: @unchecked Sendable {
    // Immutable after init; the mapped bytes are read-only.
    public let path: String
    /// Members in central directory order.
    public let entries: [ZipEntry]
    private let bytes: UnsafeRawBufferPointer
    /// Keeps the mapping (or the owned copy) alive.
    private let storage: AnyObject

    /// Maps the archive at `path` and reads its central directory.
    public convenience init(path: String) throws {
        let file = try MappedFile(path: path)
        try self.init(name: path, bytes: file.bytes, storage: file)
    }

    /// Reads an archive held in memory (a copy is kept); for tests.
    public convenience init(bytes: [UInt8], name: String) throws {
        let copy = OwnedBytes(bytes)
        try self.init(name: name, bytes: copy.bytes, storage: copy)
    }

    private init(name: String, bytes: UnsafeRawBufferPointer, storage: AnyObject) throws {
        path = name
        self.bytes = bytes
        self.storage = storage
        entries = try ZipDirectoryReader(archive: name, bytes: bytes).entries()
    }

    public func entry(named name: String) -> ZipEntry? {
        entries.first { $0.name == name }
    }

    // MARK: Extraction

    /// Passes the member's uncompressed bytes to `sink` in order, in chunks of up to 4 MiB,
    /// then checks the total size and CRC-32 against the central directory. Errors thrown by
    /// `sink` are rethrown as they are.
    public func extract(_ entry: ZipEntry, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let dataOffset = try ZipDirectoryReader(archive: path, bytes: bytes).dataOffset(of: entry)
        let data = UnsafeRawBufferPointer(rebasing: bytes[dataOffset..<(dataOffset + entry.compressedSize)])
        var crc = CRC32()
        var produced = 0
        func checkedSink(_ chunk: UnsafeRawBufferPointer) throws {
            crc.update(chunk)
            produced += chunk.count
            try sink(chunk)
        }
        switch entry.method {
        case .stored:
            var start = 0
            while start < data.count {
                let end = min(data.count, start + InflateDecoder.bufferSize)
                try checkedSink(UnsafeRawBufferPointer(rebasing: data[start..<end]))
                start = end
            }
        case .deflate:
            do {
                try Inflate.decompress(data, maximumOutput: entry.uncompressedSize, sink: checkedSink)
            } catch let error as InflateError {
                throw ZipError(archive: path, member: entry.name, offset: dataOffset + error.offset,
                               reason: "\(error.reason == .truncated ? "compressed data is truncated" : error.description)")
            }
        }
        guard produced == entry.uncompressedSize else {
            throw ZipError(archive: path, member: entry.name, offset: dataOffset,
                           reason: "uncompressed size is \(produced) bytes, the central directory says \(entry.uncompressedSize)")
        }
        guard crc.value == entry.crc32 else {
            throw ZipError(archive: path, member: entry.name, offset: dataOffset,
                           reason: "CRC-32 mismatch: expected \(Self.hex(entry.crc32)), found \(Self.hex(crc.value))")
        }
    }

    /// The member's bytes in memory; refuses members larger than `maximumSize`.
    public func data(of entry: ZipEntry, maximumSize: Int = 64 << 20) throws -> [UInt8] {
        guard entry.uncompressedSize <= maximumSize else {
            throw ZipError(archive: path, member: entry.name, offset: entry.centralOffset,
                           reason: "member is \(entry.uncompressedSize) bytes, more than the \(maximumSize) allowed in memory")
        }
        var output: [UInt8] = []
        output.reserveCapacity(entry.uncompressedSize)
        try extract(entry) { output.append(contentsOf: $0) }
        return output
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// Bytes copied into memory this object owns.
private final class OwnedBytes {
    let bytes: UnsafeRawBufferPointer

    init(_ source: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, source.count), alignment: 16)
        source.withUnsafeBytes { copy.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: copy[0..<source.count])
    }

    deinit { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
}
