import FlowRunner
import Foundation
import Provenance
import Providers
import Support
import TestSupport
import XCTest

/// The issue's replay test: with a fixed seed and the local model, the same flow run twice gives
/// byte-identical outputs, and the second run is served from the cache. Sampling is on
/// (temperature 0.5, seed 11), so equal outputs come from the seed, not from greedy decoding; the
/// local provider decodes under the step's schema, so even SmolLM2 135M answers valid JSON.
final class ReplayTests: XCTestCase {
    static let genes: [String: JSONValue] = ["genes": ["BRCA1", "TP53"]]

    func runner(_ store: ProvenanceStore, _ provider: LocalProvider, noCache: Bool) -> FlowRunner {
        FlowRunner(store: store, models: ModelRegistry(default: provider), options: RunOptions(noCache: noCache))
    }

    func testSecondRunIsByteIdenticalAndServedFromTheCache() async throws {
        let provider = try LocalProvider(path: try TestModels.path(TestModels.smollm2), threads: 2)
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("replay.sqlite").path)
        let flow = try TestFlows.load("local")
        let first = try await runner(store, provider, noCache: false).run(flow, inputs: Self.genes)
        XCTAssertEqual(first.statistics.providerCalls, 2, "both answers valid at the first attempt")
        XCTAssertEqual(first.failures, [])
        XCTAssertEqual(first.outputs["echoed"]?.arrayValue?.count, 2)

        let second = try await runner(store, provider, noCache: false).run(flow, inputs: Self.genes)
        XCTAssertEqual(second.outputsJSON.canonicalData, first.outputsJSON.canonicalData)
        XCTAssertEqual(second.statistics.providerCalls, 0)
        XCTAssertEqual(second.statistics.cacheHits, 2)
        let calls = try store.calls(run: second.runID)
        XCTAssertEqual(calls.count, 2)
        XCTAssertTrue(calls.allSatisfy(\.cacheHit), "every call of the second run is recorded as a cache hit")
        // The local model is pinned by its file: hash and quantization are on every call.
        let local = try XCTUnwrap(calls.first?.request.model.localFile)
        XCTAssertEqual(local.quantization, "Q4_1")
        XCTAssertEqual(local.sha256.hex.count, 64)
        XCTAssertEqual(calls.first?.request.sampling["seed"], 11)
    }

    /// With the cache off the model is asked again, and the seed alone makes the answers equal.
    func testSeededLocalRunsAreByteIdenticalWithoutTheCache() async throws {
        let provider = try LocalProvider(path: try TestModels.path(TestModels.smollm2), threads: 2)
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("replay.sqlite").path)
        let flow = try TestFlows.load("local")
        let first = try await runner(store, provider, noCache: true).run(flow, inputs: Self.genes)
        let second = try await runner(store, provider, noCache: true).run(flow, inputs: Self.genes)
        XCTAssertEqual(second.statistics.cacheHits, 0)
        XCTAssertEqual(second.statistics.providerCalls, first.statistics.providerCalls)
        XCTAssertEqual(second.outputsJSON.canonicalData, first.outputsJSON.canonicalData)
        let raw = { (run: RunID) in try store.calls(run: run).map { "\($0.key) \($0.result.outcome.raw ?? "")" }.sorted() }
        XCTAssertEqual(try raw(second.runID), try raw(first.runID))
        XCTAssertEqual(try raw(first.runID).count, 2)
    }
}
