import Catalog
import ConsiliumCLI
import Foundation
import Support
import TestSupport
import XCTest

/// `consilium models list|info|fetch` through `Consilium.main`, with a temporary model cache.
final class ModelsCommandTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    private var cache = ""
    private let smollm2SHA = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

    override func setUpWithError() throws {
        cache = NSTemporaryDirectory() + "consilium-models-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: cache)
    }

    private var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CONSILIUM_MODELS"] = cache
        return env
    }

    private func run(_ arguments: [String], environment: [String: String]? = nil) async -> Run {
        let stdout = StringWriter(), stderr = StringWriter()
        let context = CommandContext(stdout: stdout, stderr: stderr, environment: environment ?? self.environment)
        let status = await Consilium.main(["consilium"] + arguments, context: context)
        return Run(status: status, stdout: stdout.text, stderr: stderr.text)
    }

    /// Links the real default model into the temporary cache. Debug builds hash at a few MB/s,
    /// so there the sidecar is written up front with the catalog's hash (the release run in
    /// scripts/test hashes the file for real); either way the file's own stamp is recorded.
    private func linkDefaultModel() throws -> String {
        let source = try TestModels.path(TestModels.smollm2)
        let link = cache + "/\(TestModels.smollm2).gguf"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: source)
        #if DEBUG
        let stamp = try HashSidecar.stamp(of: link)
        try HashSidecar(sha256: try XCTUnwrap(SHA256Digest(hex: smollm2SHA)), size: stamp.size,
                        modified: stamp.modified).write(for: link)
        #endif
        return link
    }

    // MARK: list

    func testListShowsTheCatalogAndTheCache() async throws {
        _ = try linkDefaultModel()
        let run = await run(["models", "list"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("ID "), run.stdout)
        XCTAssertTrue(lines[1].hasPrefix("smollm2-135m-instruct-q4_1 (default)"), run.stdout)
        XCTAssertTrue(lines[1].hasSuffix("  cached"), run.stdout)
        XCTAssertTrue(lines[1].contains("98.4 MB"), run.stdout)
        XCTAssertTrue(lines[2].hasPrefix("gemma3-270m-q4_k_m ") && lines[2].hasSuffix("not cached"), run.stdout)
        XCTAssertEqual(lines.last, "cache: \(cache)")
    }

    func testListJSON() async throws {
        let run = await run(["models", "list", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try JSONValue(parsing: run.stdout)
        XCTAssertEqual(json["cache"]?.stringValue, cache)
        XCTAssertEqual(json["default"]?.stringValue, "smollm2-135m-instruct-q4_1")
        let models = try XCTUnwrap(json["models"]?.arrayValue)
        XCTAssertEqual(models.compactMap { $0["status"]?.stringValue }, ["missing", "missing", "missing"])
        XCTAssertEqual(models[1]["packages"]?.arrayValue?.count, 4)
        XCTAssertEqual(models[0]["sha256"]?.stringValue, smollm2SHA)
        XCTAssertEqual(models.compactMap { $0["default"]?.boolValue }, [true, false, false])
    }

    // MARK: info

    func testInfoOfACatalogModel() async throws {
        _ = try linkDefaultModel()
        let run = await run(["models", "info", "smollm2-135m-instruct-q4_1"])
        XCTAssertEqual(run.status, 0, run.stderr)
        for expected in ["model             smollm2-135m-instruct-q4_1 (catalog)", "file size         98362432 bytes (98.4 MB)",
                         "sha256            \(smollm2SHA)", "architecture      llama", "layers            30",
                         "embedding length  576", "heads             9 (kv heads: 3)", "vocab size        49152",
                         "chat template     yes"] {
            XCTAssertTrue(run.stdout.contains(expected + "\n"), "missing '\(expected)' in:\n\(run.stdout)")
        }
    }

    func testInfoJSON() async throws {
        let link = try linkDefaultModel()
        let run = await run(["models", "info", "--json", link])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try JSONValue(parsing: run.stdout)
        XCTAssertEqual(json["architecture"]?.stringValue, "llama")
        XCTAssertEqual(json["id"], .null, "a file named by path has no catalog id")
        XCTAssertEqual(json["sha256"], .null, "no hash without --hash")
        XCTAssertEqual(json["tokenizer"]?["model"]?.stringValue, "gpt2")
        XCTAssertEqual(json["file_size"]?.intValue, 98_362_432)
        let types = try XCTUnwrap(json["tensor_types"]?.objectValue)
        XCTAssertEqual(types.values.compactMap(\.intValue).reduce(0, +), json["tensor_count"]?.intValue)
        XCTAssertNotNil(types["Q4_1"], "\(types)")
    }

    func testInfoHashOfAFileByPath() async throws {
        // A minimal GGUF v3 file: no tensors, one metadata key (general.architecture = "tiny").
        var bytes: [UInt8] = Array("GGUF".utf8) + le(UInt32(3), 4) + le(UInt64(0), 8) + le(UInt64(1), 8)
        let key = Array("general.architecture".utf8), value = Array("tiny".utf8)
        bytes += le(UInt64(key.count), 8) + key + le(UInt32(8), 4) + le(UInt64(value.count), 8) + value
        let path = cache + "/tiny.gguf"
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let run = await run(["models", "info", "--hash", "--json", path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try JSONValue(parsing: run.stdout)
        XCTAssertEqual(json["sha256"]?.stringValue, SHA256.hash(bytes).hex)
        XCTAssertEqual(json["architecture"]?.stringValue, "tiny")
        XCTAssertEqual(json["layers"], .null)
        XCTAssertEqual(json["tensor_count"]?.intValue, 0)
    }

    func testInfoErrors() async {
        let unknown = await run(["models", "info", "smollm"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("unknown model 'smollm'") && unknown.stderr.contains("did you mean"), unknown.stderr)

        let missing = await run(["models", "info", "gemma3-270m-q4_k_m"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("run `consilium models fetch gemma3-270m-q4_k_m`"), missing.stderr)

        let notGGUF = cache + "/not.gguf"
        _ = FileManager.default.createFile(atPath: notGGUF, contents: Data("not a gguf file at all".utf8))
        let bad = await run(["models", "info", notGGUF])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("not.gguf") && bad.stderr.contains("not a GGUF file"), bad.stderr)
    }

    // MARK: fetch

    func testFetchOfACachedModelDownloadsNothing() async throws {
        let link = try linkDefaultModel()
        let run = await run(["models", "fetch"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "smollm2-135m-instruct-q4_1  \(link)  sha256:\(smollm2SHA)\n")
        XCTAssertTrue(run.stderr.contains("already cached"), run.stderr)
    }

    func testFetchArgumentErrors() async {
        let unknown = await run(["models", "fetch", "smollm2-135m-instruct-q4_1", "gemma3-270m"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown model id 'gemma3-270m'; did you mean 'gemma3-270m-q4_k_m'?"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("argument 4"), unknown.stderr)

        let both = await run(["models", "fetch", "--all", "gemma3-270m-q4_k_m"])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("--all: give model ids or --all, not both"), both.stderr)
    }

    func testFetchFailureNamesTheModel() async {
        var env = environment
        env["PATH"] = cache + "/no-bin"
        let run = await run(["models", "fetch", "gemma3-270m-q4_k_m"], environment: env)
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains("error: cannot fetch gemma3-270m-q4_k_m: python3 was not found on PATH"), run.stderr)
        XCTAssertTrue(run.stderr.hasSuffix("error: could not fetch gemma3-270m-q4_k_m\n"), run.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache), [])
    }

    func testHelpListsTheModelsCommands() async {
        let run = await run(["models", "--help"])
        XCTAssertEqual(run.status, 0)
        for name in ["list", "info", "fetch"] { XCTAssertTrue(run.stdout.contains("  \(name) "), run.stdout) }
    }

    private func le<T: FixedWidthInteger>(_ value: T, _ size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
