import FlowRunner
import Foundation
import Provenance
import Providers
import Support
import Workflow
import XCTest

/// The engine against a real OpenAI-compatible server on loopback and a real SQLite file.
final class FlowRunnerTests: XCTestCase {
    func testRunRecordsEveryCallReasksOnceAndCountsTheFailure() async throws {
        let model = try FakeOpenAIModel()
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("p.sqlite").path)
        let flow = try TestFlows.load("genes")
        let genes = ["SCN1A", "REASK1", "KCNQ2", "BAD1", "STXBP1"]
        let result = try await TestFlows.runner(store: store, model: model)
            .run(flow, inputs: TestFlows.genesInputs(genes, expected: ["SCN1A", "STXBP1", "CDKL5"]))

        // Five items; REASK1 and BAD1 were asked twice: seven calls, all from the provider.
        XCTAssertEqual(result.statistics.providerCalls, 7)
        XCTAssertEqual(model.answeredCount, 7)
        let calls = try store.calls(run: result.runID)
        XCTAssertEqual(calls.map(\.key).sorted { $0.description < $1.description }.map(\.description),
                       ["assess[0]#1", "assess[1]#1", "assess[1]#2", "assess[2]#1", "assess[3]#1", "assess[3]#2", "assess[4]#1"])
        let byKey = Dictionary(uniqueKeysWithValues: calls.map { ($0.key, $0) })
        XCTAssertEqual(byKey[CallKey(step: "assess", item: "1", attempt: 1)]?.result.outcome.name, "unparseable")
        XCTAssertEqual(byKey[CallKey(step: "assess", item: "1", attempt: 2)]?.result.outcome.name, "valid")
        XCTAssertEqual(byKey[CallKey(step: "assess", item: "3", attempt: 2)]?.result.outcome.name, "invalid")
        // The re-ask quotes the error: the previous answer and the complaint are in its messages.
        let reask = try XCTUnwrap(byKey[CallKey(step: "assess", item: "3", attempt: 2)]?.request.messages.arrayValue)
        XCTAssertEqual(reask.count, 4)
        XCTAssertEqual(reask[2]["role"], "assistant")
        XCTAssertTrue(reask[3]["content"]?.stringValue?.contains("$.score: expected a number <= 1, found number 7") ?? false,
                      "\(reask[3])")
        // Template hash, schema hash, seed and reported model are on every call.
        for call in calls {
            XCTAssertEqual(call.request.template?.id, "genes/assess.txt")
            XCTAssertNotNil(call.request.schemaHash)
            XCTAssertEqual(call.request.sampling["seed"], 0)
            XCTAssertEqual(call.result.reportedModel, "fake-model-1")
        }

        // The failed item is a typed failure in the output, in its place; the flow went on.
        let assessed = try XCTUnwrap(result.outputs["assessed"]?.arrayValue)
        XCTAssertEqual(assessed.count, 5)
        let failure = try XCTUnwrap(ItemFailure(json: assessed[3]))
        XCTAssertEqual(failure.kind, .invalid)
        XCTAssertEqual(failure.item, "3")
        XCTAssertEqual(result.failures, [failure])
        XCTAssertEqual(assessed[1]["symbol"], "REASK1")

        // Scores: the failure is dropped from the ranking, counted by the scores that see it.
        let top = try XCTUnwrap(result.outputs["top"]?.arrayValue).compactMap { $0["symbol"]?.stringValue }
        let expectedTop = ["SCN1A", "REASK1", "KCNQ2", "STXBP1"].sorted { FakeOpenAIModel.score($0) > FakeOpenAIModel.score($1) }
        XCTAssertEqual(top, Array(expectedTop.prefix(3)))
        XCTAssertEqual(result.outputs["precision"]?["failed_items"], 1)
        XCTAssertEqual(result.outputs["precision"]?["value"], .number(2.0 / 4.0))
        XCTAssertEqual(result.outputs["accuracy"]?["value"], .number(4.0 / 5.0))
        let scores = try store.scores(run: result.runID)
        XCTAssertEqual(Set(scores.map(\.metric)), ["recall", "precision", "accuracy"])

        // The run and its steps are recorded as finished; the outputs are stored by hash.
        XCTAssertEqual(try store.run(result.runID)?.status, .succeeded)
        XCTAssertEqual(try store.steps(run: result.runID).map(\.status), Array(repeating: .succeeded, count: 6))
        let output = try XCTUnwrap(try store.artifacts(run: result.runID).first { $0.role == .output })
        XCTAssertEqual(try JSONValue(parsing: try XCTUnwrap(try store.artifact(output.hash)).bytes), result.outputsJSON)
    }

    func testSecondRunIsServedFromTheCacheUnlessNoCache() async throws {
        let model = try FakeOpenAIModel()
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("p.sqlite").path)
        let flow = try TestFlows.load("genes")
        let inputs = TestFlows.genesInputs(["SCN1A", "REASK2", "KCNQ2"], expected: ["SCN1A"])
        let first = try await TestFlows.runner(store: store, model: model).run(flow, inputs: inputs)
        XCTAssertEqual(model.answeredCount, 4)

        // Valid answers come from the cache. REASK2's first answer was not valid, and only valid
        // answers are cached, so that one call is asked again; its re-ask is then a cache hit.
        let second = try await TestFlows.runner(store: store, model: model).run(flow, inputs: inputs)
        XCTAssertEqual(model.answeredCount, 5)
        XCTAssertEqual(second.statistics.cacheHits, 3)
        XCTAssertEqual(second.statistics.providerCalls, 1)
        XCTAssertEqual(second.outputsJSON.canonicalText, first.outputsJSON.canonicalText)
        let calls = try store.calls(run: second.runID)
        XCTAssertEqual(calls.filter { !$0.cacheHit }.map(\.key), [CallKey(step: "assess", item: "1", attempt: 1)])
        let firstValid = try store.calls(run: first.runID).filter { $0.result.outcome.isSuccess }.map(\.number)
        XCTAssertEqual(Set(calls.compactMap(\.cachedFrom)), Set(firstValid))

        let third = try await TestFlows.runner(store: store, model: model, noCache: true).run(flow, inputs: inputs)
        XCTAssertEqual(third.statistics.providerCalls, 4)
        XCTAssertEqual(third.statistics.cacheHits, 0)
        XCTAssertEqual(model.answeredCount, 9)
    }

    func testMapRunsBoundedConcurrentlyAndKeepsInputOrder() async throws {
        let model = try FakeOpenAIModel(delay: 0.05)
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("p.sqlite").path)
        let genes = (0..<16).map { "G\($0)" }
        let result = try await TestFlows.runner(store: store, model: model)
            .run(try TestFlows.load("genes"), inputs: TestFlows.genesInputs(genes, expected: ["G1"]))
        XCTAssertEqual(result.outputs["assessed"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue }, genes)
        XCTAssertLessThanOrEqual(model.server.maxConcurrent, 4, "the map's max_concurrency is 4")
        XCTAssertGreaterThan(model.server.maxConcurrent, 1, "calls overlapped")
    }

    func testAFailedCallPropagatesAsUpstreamFailureAndTheRunFinishes() async throws {
        let model = try FakeOpenAIModel()
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("p.sqlite").path)
        let result = try await TestFlows.runner(store: store, model: model)
            .run(try TestFlows.load("chain"), inputs: ["case": "c", "gene": "DOWN1"])
        XCTAssertEqual(result.failures.map(\.kind), [.providerFailed])
        XCTAssertTrue(result.failures.first?.reason.contains("HTTP 400") ?? false, "\(result.failures)")
        XCTAssertEqual(ItemFailure(json: result.outputs["picked"] ?? .null)?.kind, .upstream)
        XCTAssertEqual(ItemFailure(json: result.outputs["explained"] ?? .null)?.kind, .upstream)
        XCTAssertEqual(model.answeredCount, 1, "nothing is asked on a failed value's behalf")
        let calls = try store.calls(run: result.runID)
        XCTAssertEqual(calls.map(\.result.outcome.name), ["failed"])
        XCTAssertEqual(try store.run(result.runID)?.status, .succeeded)
        XCTAssertEqual(try store.steps(run: result.runID).map(\.status), [.failed, .failed, .failed])

        let ok = try await TestFlows.runner(store: store, model: model)
            .run(try TestFlows.load("chain"), inputs: ["case": "c", "gene": "TP53"])
        XCTAssertEqual(ok.outputs["picked"], ["symbol": "TP53"])
        XCTAssertEqual(ok.outputs["explained"]?["symbol"], "TP53")
    }

    func testInvalidInputsAreRefusedBeforeAnythingIsRecorded() async throws {
        let model = try FakeOpenAIModel()
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("p.sqlite").path)
        do {
            _ = try await TestFlows.runner(store: store, model: model).run(try TestFlows.load("genes"), inputs: ["case": 3, "genes": []])
            XCTFail("expected invalidInputs")
        } catch let error as FlowRunError {
            guard case .invalidInputs(let flow, let problems) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(flow, "genes.json")
            XCTAssertEqual(problems, ["input \"case\" $: expected string, found number 3", "input \"expected\" is missing"])
        }
        XCTAssertEqual(try store.runs().count, 0)
        XCTAssertEqual(model.answeredCount, 0)
    }

    func testAFlowNamingAnUnregisteredMetricIsRefusedAtLoad() throws {
        XCTAssertThrowsError(try TestFlows.load("genes", metrics: MetricRegistry([SetMetric(.recall)]))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("genes.json:"), text)
            XCTAssertTrue(text.contains("precision"), text)
        }
    }
}
