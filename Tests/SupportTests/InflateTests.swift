import Support
import XCTest

/// Inflate against streams made by zlib (Fixtures/README.md), and against corrupt input.
final class InflateTests: XCTestCase {
    func testZlibStreamsDecompressToTheirInputs() throws {
        let cases = try SupportFixtures.deflateCases()
        XCTAssertGreaterThanOrEqual(cases.count, 8)
        for item in cases {
            let compressed = try SupportFixtures.bytes(item.name + ".deflate")
            let output = try Inflate.decompress(compressed)
            XCTAssertEqual(output.count, item.size, item.name)
            XCTAssertEqual(SHA256.hash(output).hex, item.sha256, item.name)
            XCTAssertEqual(CRC32.checksum(output), item.crc32, item.name)
        }
    }

    func testStreamingInSmallChunksReportsInputUsed() throws {
        // 100 003 bytes from 117: the output passes through the 4 MiB buffer's flush path once at the end;
        // the summary says where the stream ended, so trailing bytes are not taken as data.
        let compressed = try SupportFixtures.bytes("run.deflate") + [0xde, 0xad]
        var received = 0
        let summary = try compressed.withUnsafeBytes { raw in
            try Inflate.decompress(raw, maximumOutput: 1 << 20) { received += $0.count }
        }
        XCTAssertEqual(summary.outputCount, 100_003)
        XCTAssertEqual(received, 100_003)
        XCTAssertEqual(summary.inputCount, compressed.count - 2)
    }

    func testOutputLimitStopsBeforeTheSink() throws {
        let compressed = try SupportFixtures.bytes("run.deflate")
        var received = 0
        XCTAssertThrowsError(try compressed.withUnsafeBytes { raw in
            try Inflate.decompress(raw, maximumOutput: 1000) { received += $0.count }
        }) { error in
            XCTAssertEqual((error as? InflateError)?.reason, .outputLimitExceeded(limit: 1000), "\(error)")
        }
        XCTAssertEqual(received, 0)
    }

    func testEveryTruncationThrows() throws {
        for name in ["fixed-text", "dynamic-text", "stored-noise", "far-match"] {
            let compressed = try SupportFixtures.bytes(name + ".deflate")
            // Every cut in the first 600 bytes, then a sparse sample up to the end.
            let cuts = Array(0..<min(600, compressed.count)) + Array(stride(from: 600, to: compressed.count, by: 997))
            for cut in cuts {
                XCTAssertThrowsError(try Inflate.decompress(Array(compressed[0..<cut])), "\(name) cut at \(cut)") { error in
                    guard let error = error as? InflateError else { return XCTFail("\(name): \(error)") }
                    XCTAssertLessThanOrEqual(error.offset, cut, "\(name) cut at \(cut): \(error)")
                }
            }
        }
    }

    func testCorruptBytesThrowOrDiffer() throws {
        // A flipped bit must never crash; it either throws or yields different output (deflate has no
        // checksum of its own: zip's CRC-32 catches the rest, see ZipArchiveTests).
        let compressed = try SupportFixtures.bytes("dynamic-text.deflate")
        let original = try Inflate.decompress(compressed)
        var threw = 0
        // The last byte is left out: its high bits are padding after the end-of-block code.
        for index in stride(from: 0, to: compressed.count - 1, by: 7) {
            var corrupt = compressed
            corrupt[index] ^= 1 << UInt8(index % 8)
            do {
                let output = try Inflate.decompress(corrupt, maximumOutput: 1 << 20)
                XCTAssertTrue(output != original, "flip at \(index) left the output unchanged")
            } catch is InflateError {
                threw += 1
            }
        }
        XCTAssertGreaterThan(threw, 0)
    }

    func testSpecificMalformedStreams() {
        let cases: [([UInt8], InflateError.Reason)] = [
            // BFINAL=1, BTYPE=3 (reserved).
            ([0x07], .invalidBlockType(3)),
            // Stored block whose LEN 0x0001 and NLEN 0x0000 disagree.
            ([0x01, 0x01, 0x00, 0x00, 0x00], .storedLengthMismatch(length: 1, complement: 0)),
            // Stored block of 5 bytes with only 2 present.
            ([0x01, 0x05, 0x00, 0xfa, 0xff, 0x41, 0x42], .truncated),
            // Fixed block whose first code is a back-reference with nothing produced yet:
            // length symbol 257 (0000001), distance code 0 (00000).
            ([0x03, 0x02, 0x00], .distanceTooFarBack(distance: 1, available: 0)),
            // Dynamic header declaring 287 literal/length codes (HLIT=30).
            ([0xf5, 0x00, 0x00, 0x00], .tooManySymbols(literalLengths: 287, distances: 1)),
            ([], .truncated),
        ]
        for (bytes, reason) in cases {
            XCTAssertThrowsError(try Inflate.decompress(bytes), "\(bytes)") { error in
                XCTAssertEqual((error as? InflateError)?.reason, reason, "\(bytes): \(error)")
            }
        }
    }

    func testErrorDescriptionNamesTheOffset() {
        let error = InflateError(.invalidBlockType(3), offset: 42)
        XCTAssertEqual(error.description, "deflate data at byte 42: invalid block type 3")
    }
}
