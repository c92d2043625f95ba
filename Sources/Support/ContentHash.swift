import Support
import Foundation

/// A SHA-256 content address: 64 lowercase hex digits.
///
/// Artifacts, inputs, templates and call identities are stored under their content hash, so the
/// same bytes always get the same key.
public struct ContentHash: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hex: String

    /// Accepts only a well-formed digest: 64 hex digits (upper case is folded).
    public init?(hex: String) {
        guard let digest = SHA256Digest(hex: hex) else { return nil }
        self.hex = digest.hex
    }

    public init(_ digest: SHA256Digest) { hex = digest.hex }

    public static func of<Bytes: Sequence>(_ bytes: Bytes) -> ContentHash where Bytes.Element == UInt8 {
        ContentHash(SHA256.hash(bytes))
    }

    public static func of(_ text: String) -> ContentHash { of(Array(text.utf8)) }

    /// The hash of a JSON value's canonical text (sorted keys, compact), so equal values match.
    public static func of(_ json: JSONValue) -> ContentHash { of(json.canonicalText) }

    public var description: String { hex }

    public static func < (a: ContentHash, b: ContentHash) -> Bool { a.hex < b.hex }

    /// The raw 32-byte digest of `message`.
    public static func sha256(_ message: [UInt8]) -> [UInt8] { SHA256.hash(message).bytes }

    public static func sha256Hex(_ data: Data) -> String { of(data).hex }
}
