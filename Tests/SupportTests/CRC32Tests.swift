import Support
import XCTest

final class CRC32Tests: XCTestCase {
    func testKnownValues() {
        // The CRC-32 check value (ITU-T V.42 / zlib) and two zlib.crc32 results.
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
        XCTAssertEqual(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)), 0x414F_A339)
    }

    func testSplitFeedingMatchesWhole() {
        let data = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }
        let whole = CRC32.checksum(data)
        for split in 0...data.count {
            var crc = CRC32()
            crc.update(data[0..<split])
            crc.update(data[split...])
            XCTAssertEqual(crc.value, whole, "split at \(split)")
        }
    }
}
