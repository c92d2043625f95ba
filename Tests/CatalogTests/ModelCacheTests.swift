import Catalog
import Foundation
import Support
import XCTest

final class ModelCacheTests: XCTestCase {
    func testDirectoryRules() {
        XCTAssertEqual(ModelCache(environment: ["CONSILIUM_MODELS": "/m", "XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory, "/m")
        XCTAssertEqual(ModelCache(environment: ["CONSILIUM_MODELS": "", "XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory,
                       "/x/consilium/models")
        XCTAssertEqual(ModelCache(environment: ["XDG_CACHE_HOME": "", "HOME": "/h"]).directory, "/h/.cache/consilium/models")
        XCTAssertEqual(ModelCache(environment: [:]).directory, NSHomeDirectory() + "/.cache/consilium/models")
        XCTAssertEqual(ModelCache(directory: "/m").path(for: "a-b"), "/m/a-b.gguf")
    }

    func testSidecarAvoidsRehashAndNoticesChanges() throws {
        let dir = try TestDirectory()
        let file = dir.path + "/model.gguf"
        try Data("first contents".utf8).write(to: URL(fileURLWithPath: file))

        let first = try HashSidecar.hash(of: file)
        XCTAssertTrue(first.rehashed)
        XCTAssertEqual(first.sha256, SHA256.hash(Array("first contents".utf8)))
        XCTAssertNotNil(HashSidecar.read(for: file))

        let second = try HashSidecar.hash(of: file)
        XCTAssertFalse(second.rehashed, "an unchanged file is not read again")
        XCTAssertEqual(second.sha256, first.sha256)

        // Same size, new contents and modification time: rehashed.
        try Data("other contents".utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: file)
        let third = try HashSidecar.hash(of: file)
        XCTAssertTrue(third.rehashed)
        XCTAssertEqual(third.sha256, SHA256.hash(Array("other contents".utf8)))
    }

    func testDamagedSidecarIsIgnored() throws {
        let dir = try TestDirectory()
        let file = dir.path + "/model.gguf"
        try Data("contents".utf8).write(to: URL(fileURLWithPath: file))
        try "not a sidecar\n".write(toFile: HashSidecar.path(for: file), atomically: true, encoding: .utf8)
        XCTAssertNil(HashSidecar.read(for: file))
        let result = try HashSidecar.hash(of: file)
        XCTAssertTrue(result.rehashed)
        XCTAssertEqual(HashSidecar.read(for: file)?.sha256, SHA256.hash(Array("contents".utf8)))
    }

    /// A model named by path outside the cache is hashed once; its hash is remembered in the
    /// cache's index, never beside the user's file, and a changed file is hashed again.
    func testOutsideFileHashIsRememberedInTheCacheIndex() throws {
        let cacheDir = try TestDirectory()
        let userDir = try TestDirectory()
        let file = userDir.path + "/mine.gguf"
        try Data("user model".utf8).write(to: URL(fileURLWithPath: file))
        let environment = ["CONSILIUM_MODELS": cacheDir.path]
        _ = ModelCache(directory: cacheDir.path).outsideFileSidecarPath(for: file)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cacheDir.path + "/hashes"), "asking where the hash goes writes nothing")

        let first = try ModelReference.resolve(file, fetchIfMissing: false, environment: environment)
        XCTAssertEqual(first.sha256, SHA256.hash(Array("user model".utf8)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: HashSidecar.path(for: file)), "nothing written beside the user's file")
        let index = ModelCache(directory: cacheDir.path).outsideFileSidecarPath(for: file)
        XCTAssertTrue(index.hasPrefix(cacheDir.path + "/hashes/"))
        XCTAssertEqual(HashSidecar.read(at: index)?.sha256, first.sha256)
        XCTAssertFalse(try HashSidecar.hash(of: file, sidecarPath: index).rehashed)

        try Data("user model, retrained".utf8).write(to: URL(fileURLWithPath: file))
        let second = try ModelReference.resolve(file, fetchIfMissing: false, environment: environment)
        XCTAssertEqual(second.sha256, SHA256.hash(Array("user model, retrained".utf8)))
        XCTAssertEqual(HashSidecar.read(at: index)?.sha256, second.sha256)
    }

    func testStatusOfCatalogEntries() throws {
        let dir = try TestDirectory()
        let cache = ModelCache(directory: dir.path)
        let bytes = Array("tiny model".utf8)
        let entry = ModelCatalogEntry(id: "tiny", displayName: "Tiny", architecture: "llama", quantization: "F32",
                                      parts: [], sha256: SHA256.hash(bytes), size: bytes.count)
        XCTAssertEqual(try cache.status(of: entry), .missing)

        try Data(bytes).write(to: URL(fileURLWithPath: cache.path(for: "tiny")))
        XCTAssertEqual(try cache.status(of: entry),
                       .verified(ModelFile(id: "tiny", path: cache.path(for: "tiny"), sha256: entry.sha256, size: bytes.count)))

        let other = Array("tiny modex".utf8)
        try Data(other).write(to: URL(fileURLWithPath: cache.path(for: "tiny")))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)],
                                              ofItemAtPath: cache.path(for: "tiny"))
        XCTAssertEqual(try cache.status(of: entry),
                       .mismatched(path: cache.path(for: "tiny"), found: SHA256.hash(other), size: other.count))
    }
}
