import Support
import Foundation
import Provenance
import XCTest

/// Test vectors from FIPS 180-4's examples (NIST CSRC, "SHA256.pdf") and `sha256sum`.
final class ContentHashTests: XCTestCase {
    func testKnownDigests() {
        XCTAssertEqual(ContentHash.of("").hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(ContentHash.of("abc").hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(ContentHash.of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex,
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(ContentHash.of([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex,
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the 55/56/64-byte padding boundaries, checked against `sha256sum`.
    func testPaddingBoundaries() {
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (count, digest) in expected {
            XCTAssertEqual(ContentHash.of(String(repeating: "a", count: count)).hex, digest, "\(count) bytes")
        }
    }

    func testDigestBytesMatchTheHex() {
        let digest = ContentHash.sha256(Array("abc".utf8))
        XCTAssertEqual(digest.count, 32)
        XCTAssertEqual(ContentHash(hex: digest.map { String(format: "%02x", $0) }.joined()), ContentHash.of("abc"))
        XCTAssertEqual(ContentHash.sha256Hex(Data("abc".utf8)), ContentHash.of("abc").hex)
    }

    func testHexParsingRejectsMalformedDigests() {
        XCTAssertNotNil(ContentHash(hex: String(repeating: "A", count: 64)))
        XCTAssertNil(ContentHash(hex: String(repeating: "a", count: 63)))
        XCTAssertNil(ContentHash(hex: String(repeating: "g", count: 64)))
    }
}
