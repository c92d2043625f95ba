import Foundation
import Support
import XCTest

/// The fixture files of Tests/SupportTests/Fixtures (see its README for how they were made).
enum SupportFixtures {
    static func url(_ name: String) throws -> URL {
        guard let base = Bundle.module.resourceURL else { throw XCTSkip("no fixture bundle") }
        return base.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    struct DeflateCase {
        var name: String
        var size: Int
        var sha256: String
        var crc32: UInt32
    }

    /// The cases of deflate-manifest.json, in name order.
    static func deflateCases() throws -> [DeflateCase] {
        let manifest = try JSONValue(parsing: Data(contentsOf: url("deflate-manifest.json")))
        guard let cases = manifest["cases"]?.objectValue else { throw XCTSkip("manifest has no cases") }
        return try cases.keys.sorted().map { name in
            guard let entry = cases[name], let size = entry["size"]?.intValue, let sha = entry["sha256"]?.stringValue,
                  let crc = entry["crc32"]?.intValue, let crc32 = UInt32(exactly: crc) else {
                throw XCTSkip("manifest entry \(name) is incomplete")
            }
            return DeflateCase(name: name, size: size, sha256: sha, crc32: crc32)
        }
    }
}
