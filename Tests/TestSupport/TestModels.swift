import Catalog
import Foundation
import XCTest

/// Locates the test models, for every test target that runs a real model.
///
/// Models are fetched by `consilium models fetch` into the model cache (never committed). A test that
/// needs one skips when it is absent, unless CONSILIUM_REQUIRE_MODELS=1 (set by .ci/run), where a
/// missing model is a failure: CI must not pass by skipping.
public enum TestModels {
    public static let smollm2 = "smollm2-135m-instruct-q4_1"
    public static let gemma3 = "gemma3-270m-q4_k_m"
    public static let qwen25 = "qwen2.5-coder-0.5b-instruct-q4_k_m"

    /// The model cache `consilium models fetch` fills, by the same rule (Catalog's `ModelCache`).
    public static var cacheDirectory: String {
        ModelCache(environment: ProcessInfo.processInfo.environment).directory
    }

    /// The path of a cached model, or a skip (a failure when models are required).
    public static func path(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = ModelCache(environment: ProcessInfo.processInfo.environment).path(for: id)
        if FileManager.default.fileExists(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["CONSILIUM_REQUIRE_MODELS"] == "1" {
            XCTFail("model \(id) is missing at \(path); run `consilium models fetch \(id)`", file: file, line: line)
        }
        throw XCTSkip("model \(id) not in \(cacheDirectory); run `consilium models fetch \(id)`")
    }
}
