import Foundation
import XCTest
@testable import Inference

/// The llama.cpp reference token ids in Fixtures/tokenizer (see the README there) and the tokenizers they test,
/// each model's tokenizer built once per test run.
enum TokenizerFixtures {
    struct Probe: Decodable {
        let text: String
        let ids_default: [Int32]
        let ids_no_bos: [Int32]
        let ids_no_parse_special: [Int32]
    }

    struct ProbeFile: Decodable {
        let llama_cpp_commit: String
        let strings: [Probe]
    }

    struct Prompt: Decodable {
        let name: String
        let prompt_text: String
        let add_special: Bool
        let parse_special: Bool
        let prompt_ids: [Int32]
    }

    struct PromptFile: Decodable {
        let prompts: [Prompt]
    }

    struct FuzzCase: Decodable {
        let text: String
        let ids_special: [Int32]
        let ids_plain: [Int32]
    }

    struct FuzzFile: Decodable {
        let cases: [FuzzCase]
    }

    static let models = [TestModels.smollm2, TestModels.gemma3, TestModels.qwen25]

    static func probes(_ model: String) throws -> [Probe] {
        let url = try TestModels.fixture("tokenizer/\(model).tokenize.json")
        return try JSONDecoder().decode(ProbeFile.self, from: Data(contentsOf: url)).strings
    }

    static func prompts(_ model: String) throws -> [Prompt] {
        let url = try TestModels.fixture("tokenizer/\(model).prompts.json")
        return try JSONDecoder().decode(PromptFile.self, from: Data(contentsOf: url)).prompts
    }

    static func fuzzCases(_ model: String) throws -> [FuzzCase] {
        let url = try TestModels.fixture("tokenizer/\(model).fuzz.json")
        return try JSONDecoder().decode(FuzzFile.self, from: Data(contentsOf: url)).cases
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: Tokenizer] = [:]

    /// The tokenizer of a cached model (skips when the model is absent).
    static func tokenizer(_ model: String) throws -> Tokenizer {
        let path = try TestModels.path(model)
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[model] { return cached }
        let tokenizer = try Tokenizer(metadata: GGUFFile(path: path).metadata)
        cache[model] = tokenizer
        return tokenizer
    }
}
