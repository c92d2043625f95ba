import Foundation
import Provenance
import Support
import XCTest

/// An API key given to the store (as the providers get it, from the environment) never reaches the file.
final class SecretTests: XCTestCase {
    let key = "sk-test-7f3a9c2e1b5d4f60a8e7"

    func testCredentialLikeKeysAreRefusedWithTheirPath() throws {
        let (store, run) = try Sample.storeWithRun(self, secrets: [key])
        let base = Sample.request(item: "BRCA1")
        let leaky = CallRequest(model: base.model, messages: base.messages,
                                sampling: ["seed": 1, "extra": ["headers": ["Authorization": .string("Bearer " + key)]]])
        XCTAssertThrowsError(try store.recordCall(run: run, key: CallKey(step: "rank"), request: leaky,
                                                  result: Sample.result(item: "BRCA1"))) { error in
            XCTAssertEqual(error as? ProvenanceError, .secretLikeField(field: "call sampling parameters", path: "$.extra.headers"))
        }
        var spec = Sample.spec()
        spec.parameters = ["openai": ["base_url": "http://127.0.0.1:8080", "API-Key": "x"]]
        XCTAssertThrowsError(try store.createRun(spec)) { error in
            XCTAssertEqual(error as? ProvenanceError, .secretLikeField(field: "run parameters", path: "$.openai.API-Key"))
        }
        // A model's answer is data: recorded as it came, whatever its keys.
        let answer: JSONValue = ["token": "not a credential", "headers": ["Gene", "Score"]]
        let recorded = try store.recordCall(run: run, key: CallKey(step: "rank", item: "answer"), request: base,
                                            result: CallResult(outcome: .valid(raw: answer.canonicalText, parsed: answer),
                                                               latencyMilliseconds: 1))
        XCTAssertEqual(recorded.result.outcome.parsed, answer)
        // Ordinary parameters that merely contain "token" are fine.
        let fine = CallRequest(model: base.model, messages: base.messages, sampling: ["max_tokens": 8, "stop_token_ids": [2]])
        XCTAssertNoThrow(try store.recordCall(run: run, key: CallKey(step: "rank", item: "ok"), request: fine,
                                              result: Sample.result(item: "ok")))
    }

    func testRegisteredKeyIsRedactedEverywhereAndAbsentFromTheFiles() throws {
        let (store, run) = try Sample.storeWithRun(self, secrets: [key])
        let base = Sample.request(item: "BRCA1")
        // A prompt that quotes the key, and a provider error that echoes it back.
        let request = CallRequest(model: ModelIdentity(provider: "openai", modelID: "gpt-test"),
                                  messages: [["role": "user", "content": .string("my key is \(key)")]], sampling: base.sampling)
        let stored = try store.recordCall(run: run, key: CallKey(step: "rank", item: "A"), request: request,
                                          result: CallResult(outcome: .failed(error: "401: Incorrect API key provided: \(key)", raw: nil),
                                                             reportedModel: nil, latencyMilliseconds: 5))
        XCTAssertEqual(stored.result.outcome.error, "401: Incorrect API key provided: [redacted]")
        XCTAssertEqual(stored.request.messages[0]?["content"], "my key is [redacted]")
        try store.finishStep(run: run, name: "rank", .failed(error: "provider said \(key)"))
        XCTAssertThrowsError(try store.storeArtifact(run: run, role: .reference, name: "leak", bytes: Data("x\(key)y".utf8),
                                                     mediaType: "text/plain"))

        for file in [store.path, store.path + "-wal", store.path + "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            XCTAssertNil(bytes.range(of: Data(key.utf8)), "the key is in \(file)")
        }
        XCTAssertFalse(try store.exportRun(run).canonicalText.contains(key))
        XCTAssertFalse(try store.exportPROV(run).canonicalText.contains(key))
    }
}
