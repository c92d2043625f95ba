import Foundation
import Support
import XCTest

/// SHA-256 against the NIST FIPS 180-4 examples (csrc.nist.gov, "SHA256.pdf" and the
/// SHAVS short/long messages) and against itself fed in pieces.
final class SHA256Tests: XCTestCase {
    func testNISTVectors() {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ]
        for (message, expected) in vectors {
            XCTAssertEqual(SHA256.hash(Array(message.utf8)).hex, expected, "message '\(message)'")
        }
    }

    func testMillionA() {
        // Fed in uneven pieces so that partial blocks are carried between updates.
        var hasher = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var fed = 0
        while fed < 1_000_000 {
            let take = min(piece.count, 1_000_000 - fed)
            hasher.update(piece[0..<take])
            fed += take
        }
        XCTAssertEqual(hasher.finalize().hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testPaddingBoundaries() {
        // 55, 56 and 64 bytes straddle the one-or-two padding block boundary; values from Python's hashlib.
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (count, hex) in expected {
            XCTAssertEqual(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: count)).hex, hex, "\(count) x 'a'")
        }
    }

    func testSplitFeedingMatchesWhole() {
        var random = SystemRandomNumberGenerator()
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        let whole = SHA256.hash(data)
        for split in 0...data.count {
            var hasher = SHA256()
            hasher.update(data[0..<split])
            hasher.update(data[split...])
            XCTAssertEqual(hasher.finalize(), whole, "split at \(split)")
        }
    }

    func testFileHashMatchesMemoryHash() throws {
        let path = NSTemporaryDirectory() + "sha256-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Larger than one 1 MiB read chunk and not a multiple of 64.
        let data = (0..<(3 << 19) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try Data(data).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try SHA256.hash(fileAt: path), SHA256.hash(data))
    }

    func testMissingFileNamesIt() {
        XCTAssertThrowsError(try SHA256.hash(fileAt: "/nonexistent/consilium.gguf")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/consilium.gguf"), "\(error)")
        }
    }

    func testHexRoundTripAndRejects() {
        let digest = SHA256.hash(Array("abc".utf8))
        XCTAssertEqual(SHA256Digest(hex: digest.hex), digest)
        XCTAssertEqual(SHA256Digest(hex: digest.hex.uppercased()), digest)
        XCTAssertNil(SHA256Digest(hex: String(digest.hex.dropLast())))
        XCTAssertNil(SHA256Digest(hex: String(digest.hex.dropLast()) + "g"))
    }

    /// Throughput in this build, in CPU time of this thread (the machine may be shared, so wall
    /// time says little). The release build must hash hundreds of MB per second (a model fetch
    /// hashes up to 500 MB); measured, not asserted, in debug builds.
    func testThroughput() {
        #if DEBUG
        let size = 4 << 20
        #else
        let size = 256 << 20
        #endif
        let data = [UInt8](repeating: 0x5a, count: size)
        let start = Self.threadCPUSeconds()
        var hasher = SHA256()
        data.withUnsafeBytes { hasher.update($0) }
        _ = hasher.finalize()
        let seconds = max(Self.threadCPUSeconds() - start, 1e-6)
        let rate = Double(data.count) / seconds / 1e6
        print("SHA-256: \(Int(rate)) MB per CPU second")
        #if !DEBUG
        XCTAssertGreaterThan(rate, 150, "SHA-256 at \(Int(rate)) MB/s would take too long on a 500 MB model")
        #endif
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
