/// Reads a zip archive's structures (APPNOTE.TXT §4.3) with every offset checked against the
/// archive's size.
struct ZipDirectoryReader {
    let archive: String
    let bytes: UnsafeRawBufferPointer

    // Record signatures and fixed sizes, from APPNOTE.TXT §4.3.7, §4.3.12 and §4.3.16.
    static let localSignature: UInt32 = 0x0403_4b50
    static let centralSignature: UInt32 = 0x0201_4b50
    static let endSignature: UInt32 = 0x0605_4b50
    static let localHeaderSize = 30
    static let centralHeaderSize = 46
    static let endRecordSize = 22
    /// The end record's comment is at most 65535 bytes, so the record starts within this many
    /// bytes of the end.
    static let endSearchSpan = 22 + 65_535

    private func error(_ reason: String, member: String? = nil, at offset: Int? = nil) -> ZipError {
        ZipError(archive: archive, member: member, offset: offset, reason: reason)
    }

    private func u16(_ offset: Int) -> Int {
        Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    private func u32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    // MARK: End of central directory

    /// The central directory's offset, size and entry count from the end record.
    private func endRecord() throws -> (offset: Int, size: Int, count: Int) {
        guard bytes.count >= Self.endRecordSize else {
            throw error("file is \(bytes.count) bytes, too short for a zip archive (at least 22)")
        }
        let lowest = max(0, bytes.count - Self.endSearchSpan)
        var candidate = bytes.count - Self.endRecordSize
        while candidate >= lowest {
            if u32(candidate) == Self.endSignature { break }
            candidate -= 1
        }
        guard candidate >= lowest else {
            throw error("no end-of-central-directory record in the last \(bytes.count - lowest) bytes; not a zip archive or truncated")
        }
        let disk = u16(candidate + 4), directoryDisk = u16(candidate + 6)
        let countOnDisk = u16(candidate + 8), count = u16(candidate + 10)
        let size = Int(u32(candidate + 12)), offset = Int(u32(candidate + 16))
        if count == 0xffff || size == 0xffff_ffff || offset == 0xffff_ffff {
            throw error("ZIP64 archives are not supported", at: candidate)
        }
        guard disk == 0, directoryDisk == 0, countOnDisk == count else {
            throw error("multi-disk archives are not supported", at: candidate)
        }
        guard offset <= candidate, size <= candidate - offset else {
            throw error("central directory (offset \(offset), \(size) bytes) does not end before the end record at \(candidate)",
                        at: candidate)
        }
        return (offset, size, count)
    }

    // MARK: Central directory

    func entries() throws -> [ZipEntry] {
        let end = try endRecord()
        var entries: [ZipEntry] = []
        entries.reserveCapacity(end.count)
        var offset = end.offset
        let limit = end.offset + end.size
        for index in 0..<end.count {
            guard limit - offset >= Self.centralHeaderSize else {
                throw error("central directory entry #\(index) runs past the directory's end at \(limit)", at: offset)
            }
            guard u32(offset) == Self.centralSignature else {
                throw error("central directory entry #\(index) has a bad signature", at: offset)
            }
            let flags = u16(offset + 8), methodCode = u16(offset + 10)
            let crc = u32(offset + 16)
            let compressed = Int(u32(offset + 20)), uncompressed = Int(u32(offset + 24))
            let nameLength = u16(offset + 28), extraLength = u16(offset + 30), commentLength = u16(offset + 32)
            let localOffset = Int(u32(offset + 42))
            let recordLength = Self.centralHeaderSize + nameLength + extraLength + commentLength
            guard limit - offset >= recordLength else {
                throw error("central directory entry #\(index) (\(recordLength) bytes) runs past the directory's end", at: offset)
            }
            let nameStart = offset + Self.centralHeaderSize
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + nameLength)]),
                              as: UTF8.self)
            if compressed == 0xffff_ffff || uncompressed == 0xffff_ffff || localOffset == 0xffff_ffff {
                throw error("ZIP64 members are not supported", member: name, at: offset)
            }
            if flags & 1 != 0 { throw error("member is encrypted", member: name, at: offset) }
            let method: ZipEntry.Method
            switch methodCode {
            case 0:
                guard compressed == uncompressed else {
                    throw error("stored member's sizes differ: \(compressed) compressed, \(uncompressed) uncompressed",
                                member: name, at: offset)
                }
                method = .stored
            case 8: method = .deflate
            default:
                throw error("compression method \(methodCode) is not supported (only stored and deflate)", member: name, at: offset)
            }
            entries.append(ZipEntry(name: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed,
                                    crc32: crc, localHeaderOffset: localOffset, centralOffset: offset))
            offset += recordLength
        }
        return entries
    }

    // MARK: Local header

    /// Where the member's data starts, after its local header; checks the header and that the
    /// data lies inside the archive.
    func dataOffset(of entry: ZipEntry) throws -> Int {
        let offset = entry.localHeaderOffset
        guard offset <= bytes.count - Self.localHeaderSize else {
            throw error("local header at \(offset) runs past the end of the \(bytes.count)-byte file", member: entry.name, at: offset)
        }
        guard u32(offset) == Self.localSignature else {
            throw error("local header has a bad signature", member: entry.name, at: offset)
        }
        let nameLength = u16(offset + 26), extraLength = u16(offset + 28)
        let dataStart = offset + Self.localHeaderSize + nameLength + extraLength
        guard dataStart <= bytes.count else {
            throw error("local header's name and extra field run past the end of the file", member: entry.name, at: offset)
        }
        let nameStart = offset + Self.localHeaderSize
        let localName = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + nameLength)]),
                               as: UTF8.self)
        guard localName == entry.name else {
            throw error("local header names '\(localName)', the central directory '\(entry.name)'", member: entry.name, at: offset)
        }
        guard entry.compressedSize <= bytes.count - dataStart else {
            throw error("\(entry.compressedSize) bytes of data at \(dataStart) run past the end of the \(bytes.count)-byte file",
                        member: entry.name, at: dataStart)
        }
        return dataStart
    }
}
