import FlowRunner
import Foundation
import Provenance
import Providers
import Support
import Workflow
import XCTest

/// The fixture flows (Fixtures/README.md) and the parts every test needs.
enum TestFlows {
    static var prompts: URL {
        get throws {
            try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("prompts")
        }
    }

    static func load(_ name: String, metrics: MetricRegistry = .standard) throws -> CheckedFlow {
        let root = try prompts
        return try CheckedFlow.load(file: root.appendingPathComponent("flows/\(name).json"), promptsRoot: root, metrics: metrics.catalog)
    }

    /// Inputs for flows/genes.json: the genes to assess, and the expected list.
    static func genesInputs(_ genes: [String], expected: [String]) -> [String: JSONValue] {
        ["case": "Boy, 6, with seizures and developmental delay.",
         "genes": .array(genes.map { .string($0) }), "expected": .array(expected.map { .string($0) })]
    }

    static func provider(_ model: FakeOpenAIModel, apiKey: Secret? = nil, maxConcurrency: Int = 8) throws -> OpenAICompatibleProvider {
        try OpenAICompatibleProvider(baseURL: model.baseURL, model: "fake-model", apiKey: apiKey, maxConcurrency: maxConcurrency,
                                     timeout: 30, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.05), jitterSeed: 1)
    }

    static func runner(store: ProvenanceStore, model: FakeOpenAIModel, noCache: Bool = false) throws -> FlowRunner {
        FlowRunner(store: store, models: ModelRegistry(default: try provider(model)), options: RunOptions(noCache: noCache))
    }
}

/// A fresh directory under the system temp dir, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("flowrunner-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
