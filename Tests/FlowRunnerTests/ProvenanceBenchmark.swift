import FlowRunner
import Foundation
import Provenance
import Support
import XCTest

/// The provenance-overhead benchmark (Benchmarks/provenance/run.sh): a flow of 1,000 model calls
/// answered from the cache, against a real SQLite file. Runs only when the script sets
/// CONSILIUM_BENCHMARK_OUT (where it writes its measurements as JSON).
final class ProvenanceBenchmark: XCTestCase {
    static let calls = 1_000

    func testThousandCachedCalls() async throws {
        guard let out = ProcessInfo.processInfo.environment["CONSILIUM_BENCHMARK_OUT"] else {
            throw XCTSkip("a benchmark: run Benchmarks/provenance/run.sh")
        }
        let model = try FakeOpenAIModel()
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("bench.sqlite").path)
        let flow = try TestFlows.load("genes")
        let inputs = TestFlows.genesInputs((0..<Self.calls).map { "G\($0)" }, expected: ["G1", "G2", "G3"])
        // The first run fills the cache over loopback HTTP; the second is the one measured.
        let filling = try await TestFlows.runner(store: store, model: model).run(flow, inputs: inputs)
        XCTAssertEqual(filling.statistics.providerCalls, Self.calls)
        // Three cached runs (each a new run of 1,000 cache hits); the median by run time is reported.
        var runs: [RunStatistics] = []
        for _ in 0..<3 {
            let cached = try await TestFlows.runner(store: store, model: model).run(flow, inputs: inputs)
            XCTAssertEqual(cached.statistics.cacheHits, Self.calls)
            XCTAssertEqual(cached.statistics.providerCalls, 0)
            XCTAssertEqual(cached.outputsJSON, filling.outputsJSON)
            runs.append(cached.statistics)
        }
        let median = runs.sorted { $0.seconds < $1.seconds }[1]

        func measures(_ s: RunStatistics) -> JSONValue {
            ["calls": .number(Double(s.calls)), "seconds": .number(s.seconds), "store_seconds": .number(s.storeSeconds),
             "calls_per_second": .number(Double(s.calls) / s.seconds), "store_share": .number(s.storeSeconds / s.seconds)]
        }
        let report: JSONValue = ["cached": measures(median), "cached_runs": .array(runs.map(measures)),
                                 "filling": measures(filling.statistics), "map_concurrency": 4]
        try Data(report.prettyText.utf8).write(to: URL(fileURLWithPath: out))
    }
}
