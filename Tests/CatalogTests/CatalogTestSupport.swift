import Catalog
import Foundation
import Support
import XCTest

/// Writes a stored (uncompressed) zip archive: enough to make a wheel pip accepts.
/// The layout follows APPNOTE.TXT §4.3: local headers and data, central directory, end record.
struct TinyZipWriter {
    private var body: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = body.count
        // Local header: signature, version 2.0, flags, method 0 (stored), time, date, crc, sizes, name length, extra length.
        body += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            + le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(nameBytes.count)) + le16(0)
        body += nameBytes + data
        central += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            + le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(nameBytes.count))
            + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset))
        central += nameBytes
        count += 1
    }

    func bytes() -> [UInt8] {
        body + central + le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
            + le32(UInt32(central.count)) + le32(UInt32(body.count)) + le16(0)
    }

    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
}

/// A temporary directory removed when the test ends, with helpers to build wheels in it.
final class TestDirectory {
    let path: String

    init(_ name: String = #function) throws {
        path = NSTemporaryDirectory() + "consilium-catalog-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `<package>-<version>-py3-none-any.whl` into `directory` holding `member` with
    /// `data`, plus the dist-info files pip reads (METADATA, WHEEL, RECORD).
    @discardableResult
    func wheel(package: String, version: String, member: String, data: [UInt8], in directory: String) throws -> String {
        let distribution = package.replacingOccurrences(of: "-", with: "_")
        let info = "\(distribution)-\(version).dist-info"
        var zip = TinyZipWriter()
        zip.add(member, data)
        zip.add("\(info)/METADATA", Array("Metadata-Version: 2.1\nName: \(package)\nVersion: \(version)\n".utf8))
        zip.add("\(info)/WHEEL", Array("Wheel-Version: 1.0\nGenerator: consilium-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n".utf8))
        zip.add("\(info)/RECORD", Array("\(member),,\n\(info)/METADATA,,\n\(info)/WHEEL,,\n\(info)/RECORD,,\n".utf8))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/\(distribution)-\(version)-py3-none-any.whl"
        try Data(zip.bytes()).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The directory's entries, hidden ones included, sorted.
    func contents(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []).sorted()
    }
}
