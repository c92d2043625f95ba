import Catalog
import Foundation
import Support
import XCTest

final class ModelReferenceTests: XCTestCase {
    func testCatalogIDs() throws {
        XCTAssertEqual(try ModelReference.resolve("gemma3-270m-q4_k_m"),
                       .catalog(try XCTUnwrap(ModelCatalog.standard.entry(id: "gemma3-270m-q4_k_m"))))
    }

    func testPaths() throws {
        let dir = try TestDirectory()
        try Data("GGUF".utf8).write(to: URL(fileURLWithPath: dir.path + "/m.gguf"))
        XCTAssertEqual(try ModelReference.resolve(dir.path + "/m.gguf"), .file(path: dir.path + "/m.gguf"))
        XCTAssertEqual(try ModelReference.resolve("m.gguf", workingDirectory: dir.path), .file(path: dir.path + "/m.gguf"))
        XCTAssertEqual(try ModelReference.resolve("./sub/../m.gguf", workingDirectory: dir.path), .file(path: dir.path + "/m.gguf"))
        // A file without the .gguf extension is still a path when it exists.
        try Data("GGUF".utf8).write(to: URL(fileURLWithPath: dir.path + "/model"))
        XCTAssertEqual(try ModelReference.resolve("model", workingDirectory: dir.path), .file(path: dir.path + "/model"))

        XCTAssertThrowsError(try ModelReference.resolve("missing.gguf", workingDirectory: dir.path)) {
            XCTAssertEqual($0 as? ModelReferenceError, .fileMissing(path: dir.path + "/missing.gguf"))
        }
        XCTAssertThrowsError(try ModelReference.resolve(dir.path)) {
            XCTAssertEqual($0 as? ModelReferenceError, .notAFile(path: dir.path))
        }
    }

    func testUnknownIDsSuggest() {
        XCTAssertThrowsError(try ModelReference.resolve("smollm2", workingDirectory: "/nonexistent")) { error in
            guard case .unknownID("smollm2", let suggestions, _)? = error as? ModelReferenceError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(suggestions, ["smollm2-135m-instruct-q4_1"])
            XCTAssertTrue("\(error)".contains("did you mean 'smollm2-135m-instruct-q4_1'?"), "\(error)")
        }
        XCTAssertThrowsError(try ModelReference.resolve("")) {
            XCTAssertTrue("\($0)".contains("no model named"), "\($0)")
        }
    }

    func testIdentityWithoutFetching() throws {
        let dir = try TestDirectory()
        let env = ["CONSILIUM_MODELS": dir.path]
        XCTAssertThrowsError(try ModelReference.resolve("gemma3-270m-q4_k_m", fetchIfMissing: false, environment: env)) {
            XCTAssertEqual($0 as? ModelReferenceError, .notCached(id: "gemma3-270m-q4_k_m", path: dir.path + "/gemma3-270m-q4_k_m.gguf"))
            XCTAssertTrue("\($0)".contains("consilium models fetch gemma3-270m-q4_k_m"), "\($0)")
        }
        // A damaged cache file is reported, not used.
        try Data("not the model".utf8).write(to: URL(fileURLWithPath: dir.path + "/gemma3-270m-q4_k_m.gguf"))
        XCTAssertThrowsError(try ModelReference.resolve("gemma3-270m-q4_k_m", fetchIfMissing: false, environment: env)) {
            guard case .cachedFileMismatch(let id, _, _, let found)? = $0 as? ModelReferenceError else { return XCTFail("\($0)") }
            XCTAssertEqual(id, "gemma3-270m-q4_k_m")
            XCTAssertEqual(found, SHA256.hash(Array("not the model".utf8)))
        }

        // A file by path: identity with its hash and no id.
        let file = dir.path + "/other.gguf"
        try Data("other".utf8).write(to: URL(fileURLWithPath: file))
        let identity = try ModelReference.resolve(file, fetchIfMissing: false, environment: env)
        XCTAssertEqual(identity, ModelFile(id: nil, path: file, sha256: SHA256.hash(Array("other".utf8)), size: 5))
    }
}
