import Foundation
import Provenance
import Support
import XCTest

/// A fresh directory under the system temp dir, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

func temporaryStorePath(_ test: XCTestCase) throws -> String {
    try temporaryDirectory(test).appendingPathComponent("provenance.sqlite").path
}

/// Made-up values shaped like the real ones: a local GGUF model, a rendered chat, sampling with a seed.
enum Sample {
    static let flowHash = ContentHash.of("flow: gene-prioritization v1")
    static let templateHash = ContentHash.of("Rank {{gene}} for {{phenotype}}.")
    static let schemaHash = ContentHash.of(#"{"type":"object","required":["score"]}"#)
    static let localModel = ModelIdentity(
        provider: "local", modelID: "smollm2-135m-instruct-q4_1.gguf",
        localFile: .init(sha256: ContentHash.of("gguf bytes"), quantization: "Q4_1"))

    static func spec(_ id: RunID = .generate()) -> RunSpec {
        RunSpec(id: id, flowID: "gene-prioritization", flowVersion: "1", flowHash: flowHash,
                inputs: ["genes": ["BRCA1", "TP53"], "phenotype": "HP:0003002"],
                parameters: ["model": "local", "concurrency": 2], consiliumVersion: "0.1.0-test")
    }

    static func request(item: String, seed: Int = 42, model: ModelIdentity = localModel) -> CallRequest {
        CallRequest(model: model,
                    messages: [["role": "user", "content": .string("Rank \(item) for HP:0003002.")]],
                    sampling: ["temperature": 0, "seed": .number(Double(seed)), "max_tokens": 128],
                    template: TemplateRef(id: "rank-gene", hash: templateHash), schemaHash: schemaHash)
    }

    static func result(item: String) -> CallResult {
        let raw = #"{"score": 0.5, "gene": ""# + item + #""}"#
        return CallResult(outcome: .valid(raw: raw, parsed: ["score": 0.5, "gene": .string(item)]),
                          promptTokens: 20, completionTokens: 9, latencyMilliseconds: 12.5)
    }

    /// A store with one run whose step "rank" has started.
    static func storeWithRun(_ test: XCTestCase, secrets: [String] = []) throws -> (ProvenanceStore, RunID) {
        let store = try ProvenanceStore(path: try temporaryStorePath(test), secrets: secrets)
        let run = try store.createRun(spec()).id
        try store.startStep(run: run, name: "rank", kind: "map")
        return (store, run)
    }
}
