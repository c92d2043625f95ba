import Foundation
import Provenance
import Support
import XCTest

final class CallCacheTests: XCTestCase {
    func testCacheHitReturnsTheIdenticalStoredOutput() throws {
        let (store, run) = try Sample.storeWithRun(self)
        let request = Sample.request(item: "BRCA1")
        XCTAssertNil(try store.cachedCall(request.identity))

        let first = try store.recordCall(run: run, key: CallKey(step: "rank", item: "BRCA1"), request: request,
                                         result: Sample.result(item: "BRCA1"))
        XCTAssertEqual(first.result, Sample.result(item: "BRCA1"))
        XCTAssertEqual(first.request, request)

        // A second run asks the same thing: served from the first run's call.
        let run2 = try store.createRun(Sample.spec()).id
        try store.startStep(run: run2, name: "rank", kind: "map")
        let cached = try XCTUnwrap(try store.cachedCall(Sample.request(item: "BRCA1").identity))
        XCTAssertEqual(cached, first)
        let hit = try store.recordCacheHit(run: run2, key: CallKey(step: "rank", item: "BRCA1"),
                                           request: Sample.request(item: "BRCA1"), cached: cached)
        XCTAssertTrue(hit.cacheHit)
        XCTAssertEqual(hit.cachedFrom, first.number)
        XCTAssertEqual(hit.result.outcome, first.result.outcome)
        XCTAssertEqual(hit.result.outcome.raw, #"{"score": 0.5, "gene": "BRCA1"}"#)
        // The hit is served the original's answer, not another hit's.
        XCTAssertEqual(try store.cachedCall(request.identity)?.number, first.number)
    }

    func testOnlySuccessfulAnswersAreServed() throws {
        let (store, run) = try Sample.storeWithRun(self)
        let request = Sample.request(item: "TP53")
        try store.recordCall(run: run, key: CallKey(step: "rank", item: "TP53"), request: request,
                             result: CallResult(outcome: .unparseable(raw: "Sure! TP53 is", reason: "expected '{' at offset 0"),
                                                latencyMilliseconds: 3))
        try store.recordCall(run: run, key: CallKey(step: "rank", item: "TP53", attempt: 2), request: request,
                             result: CallResult(outcome: .failed(error: "HTTP 500 from server", raw: nil), latencyMilliseconds: 4))
        XCTAssertNil(try store.cachedCall(request.identity))
        let good = try store.recordCall(run: run, key: CallKey(step: "rank", item: "TP53", attempt: 3), request: request,
                                        result: Sample.result(item: "TP53"))
        XCTAssertEqual(try store.cachedCall(request.identity), good)
        // Each outcome reads back as it was written.
        let outcomes = try store.calls(run: run).map(\.result.outcome)
        XCTAssertEqual(outcomes, [.unparseable(raw: "Sure! TP53 is", reason: "expected '{' at offset 0"),
                                  .failed(error: "HTTP 500 from server", raw: nil), Sample.result(item: "TP53").outcome])
    }

    func testIdentityChangesWhenAnyPartChanges() {
        let base = Sample.request(item: "BRCA1")
        let otherFile = ModelIdentity(provider: "local", modelID: base.model.modelID,
                                      localFile: .init(sha256: ContentHash.of("other gguf"), quantization: "Q4_1"))
        let otherQuant = ModelIdentity(provider: "local", modelID: base.model.modelID,
                                       localFile: .init(sha256: base.model.localFile!.sha256, quantization: "Q8_0"))
        let variants: [(String, CallRequest)] = [
            ("provider", CallRequest(model: ModelIdentity(provider: "openai", modelID: base.model.modelID, localFile: base.model.localFile),
                                     messages: base.messages, sampling: base.sampling, template: base.template, schemaHash: base.schemaHash)),
            ("model id", CallRequest(model: ModelIdentity(provider: "local", modelID: "gemma3-270m-q4_k_m.gguf", localFile: base.model.localFile),
                                     messages: base.messages, sampling: base.sampling, template: base.template, schemaHash: base.schemaHash)),
            ("model file", CallRequest(model: otherFile, messages: base.messages, sampling: base.sampling,
                                       template: base.template, schemaHash: base.schemaHash)),
            ("quantization", CallRequest(model: otherQuant, messages: base.messages, sampling: base.sampling,
                                         template: base.template, schemaHash: base.schemaHash)),
            ("messages", Sample.request(item: "BRCA2")),
            ("seed", Sample.request(item: "BRCA1", seed: 43)),
            ("temperature", CallRequest(model: base.model, messages: base.messages,
                                        sampling: ["temperature": 0.7, "seed": 42, "max_tokens": 128],
                                        template: base.template, schemaHash: base.schemaHash)),
            ("schema", CallRequest(model: base.model, messages: base.messages, sampling: base.sampling,
                                   template: base.template, schemaHash: ContentHash.of("{}"))),
            ("no schema", CallRequest(model: base.model, messages: base.messages, sampling: base.sampling,
                                      template: base.template, schemaHash: nil)),
            ("template", CallRequest(model: base.model, messages: base.messages, sampling: base.sampling,
                                     template: TemplateRef(id: "rank-gene", hash: ContentHash.of("edited")), schemaHash: base.schemaHash)),
        ]
        var seen: Set<CallIdentity> = [base.identity]
        for (part, variant) in variants {
            XCTAssertNotEqual(variant.identity, base.identity, "changing the \(part) must change the identity")
            seen.insert(variant.identity)
        }
        XCTAssertEqual(seen.count, variants.count + 1)
        // Key order and number spelling do not matter: the identity hashes canonical JSON.
        let reordered = CallRequest(model: base.model, messages: base.messages,
                                    sampling: .object(["max_tokens": 128.0, "seed": 42, "temperature": 0.0]),
                                    template: base.template, schemaHash: base.schemaHash)
        XCTAssertEqual(reordered.identity, base.identity)
    }

    func testCacheHitWithAnotherIdentityIsRefused() throws {
        let (store, run) = try Sample.storeWithRun(self)
        let stored = try store.recordCall(run: run, key: CallKey(step: "rank", item: "BRCA1"),
                                          request: Sample.request(item: "BRCA1"), result: Sample.result(item: "BRCA1"))
        XCTAssertThrowsError(try store.recordCacheHit(run: run, key: CallKey(step: "rank", item: "TP53"),
                                                      request: Sample.request(item: "TP53"), cached: stored))
    }

    func testCallsNeedAStartedStepAndUniquePositions() throws {
        let (store, run) = try Sample.storeWithRun(self)
        XCTAssertThrowsError(try store.recordCall(run: run, key: CallKey(step: "summarize"), request: Sample.request(item: "x"),
                                                  result: Sample.result(item: "x"))) { error in
            XCTAssertEqual(error as? ProvenanceError, .stepNotFound(run, step: "summarize"))
        }
        let key = CallKey(step: "rank", item: "BRCA1")
        try store.recordCall(run: run, key: key, request: Sample.request(item: "BRCA1"), result: Sample.result(item: "BRCA1"))
        XCTAssertThrowsError(try store.recordCall(run: run, key: key, request: Sample.request(item: "BRCA1"),
                                                  result: Sample.result(item: "BRCA1"))) { error in
            XCTAssertEqual((error as? DatabaseError)?.extendedCode, 2067)  // SQLITE_CONSTRAINT_UNIQUE
        }
    }
}
