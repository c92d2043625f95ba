import Foundation
import Support
import XCTest

/// ZipArchive on an archive made by Python's zipfile (Fixtures/README.md) and on damaged copies.
final class ZipArchiveTests: XCTestCase {
    private func sample() throws -> [UInt8] { try SupportFixtures.bytes("sample.zip") }

    func testListsAndExtractsMembers() throws {
        let archive = try ZipArchive(path: SupportFixtures.url("sample.zip").path)
        XCTAssertEqual(archive.entries.map(\.name), ["pkg/__init__.py", "pkg/data/model.bin", "pkg/data/raw.bin"])
        XCTAssertEqual(archive.entries.map(\.method), [.deflate, .deflate, .stored])

        let model = try XCTUnwrap(archive.entry(named: "pkg/data/model.bin"))
        let text = try Inflate.decompress(SupportFixtures.bytes("dynamic-text.deflate"))
        XCTAssertTrue(try archive.data(of: model) == Array(text[0..<20_000]), "model.bin differs from the dynamic-text input")

        let raw = try XCTUnwrap(archive.entry(named: "pkg/data/raw.bin"))
        XCTAssertEqual(try archive.data(of: raw), Array(String(repeating: "stored bytes\n", count: 10).utf8))

        let empty = try XCTUnwrap(archive.entry(named: "pkg/__init__.py"))
        XCTAssertEqual(try archive.data(of: empty), [])
        XCTAssertNil(archive.entry(named: "pkg/missing.bin"))
    }

    func testStreamsAMemberToAFile() throws {
        let archive = try ZipArchive(bytes: sample(), name: "sample.zip")
        let model = try XCTUnwrap(archive.entry(named: "pkg/data/model.bin"))
        let path = NSTemporaryDirectory() + "zip-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try FileWriter(path: path)
        try archive.extract(model) { try writer.write($0) }
        try writer.close()
        XCTAssertEqual(try SHA256.hash(fileAt: path), SHA256.hash(try archive.data(of: model)))
    }

    func testSizeLimitForInMemoryExtraction() throws {
        let archive = try ZipArchive(bytes: sample(), name: "sample.zip")
        let model = try XCTUnwrap(archive.entry(named: "pkg/data/model.bin"))
        XCTAssertThrowsError(try archive.data(of: model, maximumSize: 100)) { error in
            XCTAssertEqual((error as? ZipError)?.member, "pkg/data/model.bin", "\(error)")
        }
    }

    // MARK: Damaged archives

    func testEveryTruncationThrows() throws {
        let bytes = try sample()
        for cut in 0..<bytes.count {
            XCTAssertThrowsError(try readAll(Array(bytes[0..<cut])), "cut at \(cut)") { error in
                XCTAssertTrue(error is ZipError, "cut at \(cut): \(error)")
            }
        }
    }

    func testEveryByteFlipThrowsOrReadsTheSameMembers() throws {
        // Flipping a byte of a name, time or attribute may leave a readable archive; anything
        // that changes member data must be caught (by CRC-32 when inflate does not notice).
        let bytes = try sample()
        let original = try readAll(bytes)
        for index in 0..<bytes.count {
            var corrupt = bytes
            corrupt[index] ^= 0x20
            do {
                let members = try readAll(corrupt)
                for (name, data) in members where original[name] != nil {
                    XCTAssertTrue(data == original[name], "flip at \(index) changed '\(name)' unnoticed")
                }
            } catch {
                XCTAssertTrue(error is ZipError, "flip at \(index): \(error)")
            }
        }
    }

    func testCRCMismatchNamesTheMember() throws {
        var bytes = try sample()
        let archive = try ZipArchive(bytes: bytes, name: "sample.zip")
        let raw = try XCTUnwrap(archive.entry(named: "pkg/data/raw.bin"))
        // The stored member's first data byte: local header (30) + name + empty extra field.
        bytes[raw.localHeaderOffset + 30 + raw.name.utf8.count] ^= 1
        let damaged = try ZipArchive(bytes: bytes, name: "damaged.zip")
        XCTAssertThrowsError(try damaged.data(of: raw)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("damaged.zip, member 'pkg/data/raw.bin', byte "), text)
            XCTAssertTrue(text.contains("CRC-32 mismatch"), text)
        }
    }

    func testNotAZip() {
        XCTAssertThrowsError(try ZipArchive(bytes: Array("GGUF not a zip at all, but long enough to search".utf8), name: "x.whl")) {
            XCTAssertTrue("\($0)".contains("no end-of-central-directory record"), "\($0)")
        }
        XCTAssertThrowsError(try ZipArchive(path: "/nonexistent/x.whl")) {
            XCTAssertTrue("\($0)".contains("/nonexistent/x.whl"), "\($0)")
        }
    }

    private func readAll(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
        let archive = try ZipArchive(bytes: bytes, name: "sample.zip")
        var members: [String: [UInt8]] = [:]
        for entry in archive.entries { members[entry.name] = try archive.data(of: entry) }
        return members
    }
}
