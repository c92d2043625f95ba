import Foundation
import Inference
import Providers
import Support
import TestSupport
import XCTest

/// The local provider on a real GGUF model (fetched by `consilium models fetch`, never committed).
final class LocalProviderTests: XCTestCase {
    func testGreedyAnswerIsNonEmptyAndIdenticalAcrossRuns() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        let provider = try LocalProvider(path: path, threads: 2, contextLength: 512, sha256: "cafe")
        XCTAssertEqual(provider.identity, ProviderIdentity(kind: .local, baseURL: nil, model: "smollm2-135m-instruct-q4_1",
                                                           modelFile: "smollm2-135m-instruct-q4_1.gguf", modelSHA256: "cafe"))
        let request = ChatRequest(messages: [.system("You are a concise assistant."), .user("Name one gene linked to breast cancer.")],
                                  sampling: .greedy(maxTokens: 24, seed: 1))
        let pieces = PieceCollector()
        let first = try await provider.complete(request, onToken: { pieces.append($0) })
        let second = try await provider.complete(request)

        XCTAssertFalse(first.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        XCTAssertEqual(first.text, second.text, "greedy decoding must be deterministic")
        XCTAssertEqual(pieces.all.joined(), first.text)
        XCTAssertEqual(first.usage, second.usage)
        XCTAssertGreaterThan(first.usage.promptTokens ?? 0, 10)
        XCTAssertGreaterThan(first.usage.completionTokens ?? 0, 0)
        XCTAssertLessThanOrEqual(first.usage.completionTokens ?? 99, 24)
        XCTAssertTrue([.stop, .length].contains(first.finishReason))
        XCTAssertEqual(first.attempts, 1)
        XCTAssertGreaterThan(first.latency, 0)
        XCTAssertNotNil(first.timeToFirstToken)
        XCTAssertEqual(first.reportedModel, "smollm2-135m-instruct-q4_1.gguf")
        let totals = await provider.ledger.totals
        XCTAssertEqual(totals.calls, 2)
        XCTAssertEqual(totals.completionTokens, 2 * (first.usage.completionTokens ?? 0))
        print("local smollm2 greedy: \(first.usage.completionTokens ?? 0) tokens in \(first.latency) s: \(first.text.debugDescription)")
    }

    func testConcurrentCallsAreSerializedAndMatchSequentialOnes() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        let provider = try LocalProvider(path: path, threads: 2, contextLength: 512)
        let questions = ["What is DNA?", "What is RNA?"]
        func request(_ q: String) -> ChatRequest { ChatRequest(messages: [.user(q)], sampling: .greedy(maxTokens: 6)) }
        var sequential: [String] = []
        for q in questions { sequential.append(try await provider.complete(request(q)).text) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, q) in questions.enumerated() { group.addTask { (i, try await provider.complete(request(q)).text) } }
            var texts = Array(repeating: "", count: questions.count)
            for try await (i, text) in group { texts[i] = text }
            return texts
        }
        XCTAssertEqual(concurrent, sequential, "one generation at a time: concurrent callers cannot interleave in the session")
    }

    // Debug builds of the inference core run a 135M model at a few tokens per second: the lengths
    // here are kept short so the suite stays under a minute or two.
    func testSchemaConstrainsTheAnswerAndBadSamplingIsRejected() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        let provider = try LocalProvider(path: path, threads: 2, contextLength: 512)
        let schema: JSONValue = [
            "type": "object", "required": ["gene", "score"],
            "properties": ["gene": ["type": "string", "maxLength": 12], "score": ["type": "integer", "minimum": 0, "maximum": 10]],
        ]
        let structured = ChatRequest(messages: [.user("Rate HBB's relevance to erythropoiesis from 0 to 10 as JSON.")],
                                     sampling: .greedy(maxTokens: 40),
                                     responseSchema: ResponseSchema(name: "rating", schema: schema))
        let response = try await provider.complete(structured)
        XCTAssertEqual(response.ignoredSettings, [])
        let answer = try JSONValue(parsing: response.text)
        XCTAssertNotNil(answer["gene"]?.stringValue, response.text)
        let score = try XCTUnwrap(answer["score"]?.intValue, response.text)
        XCTAssertTrue((0...10).contains(score), response.text)

        let unsupported = ChatRequest(messages: [.user("x")], sampling: .greedy(maxTokens: 2),
                                      responseSchema: ResponseSchema(name: "bad", schema: ["type": "string", "format": "date"]))
        let refused = await failure { try await provider.complete(unsupported) }
        guard case .invalidRequest(let why)? = refused?.reason else { return XCTFail("\(String(describing: refused))") }
        XCTAssertTrue(why.contains("format"), why)

        let bad = ChatRequest(messages: [.user("Hi")], sampling: Sampling(topP: 1.5))
        let result = await failure { try await provider.complete(bad) }
        XCTAssertEqual(result?.reason, .invalidRequest("top_p must be in (0, 1], found 1.5"))
    }

    /// The generation log's counts against the prompts' own tokens: with reuse on, the second call reuses
    /// what its prompt shares with the first call's cached prompt, as far as that gives a fresh session's
    /// numbers; with reuse off, the same tokens are shared but none is reused. Either way the answers are
    /// the same.
    func testGenerationLogCountsTheReusedPrefix() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        let model = try LocalModel(path: path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generation-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let system = "Score a human gene's link to erythropoiesis."
        let genes = ["Gene: HBB (hemoglobin subunit beta).", "Gene: ALAS2 (5'-aminolevulinate synthase 2)."]
        let schema: JSONValue = ["type": "object", "required": ["score"],
                                 "properties": ["score": ["type": "integer", "minimum": 0, "maximum": 10]]]
        func request(_ gene: String) -> ChatRequest {
            ChatRequest(messages: [.system(system), .user(gene)], sampling: .greedy(maxTokens: 12),
                        responseSchema: ResponseSchema(name: "score", schema: schema))
        }
        let prompts = try genes.map { try model.chatPrompt([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: $0)]).tokens }
        let common = zip(prompts[0], prompts[1]).prefix { $0 == $1 }.count
        XCTAssertGreaterThan(common, 10, "the two prompts share the system message")
        XCTAssertLessThan(common, prompts[1].count)
        // What a session holding the first prompt may keep of the second: the shared prefix in whole
        // groups of 4 (short prompts run on the vector attention path throughout).
        let session = InferenceSession(model: model.model, contextLength: 512, threads: 2)
        try session.evaluate(prompts[0])
        let kept = session.exactReusablePrefix(of: prompts[1])
        XCTAssertEqual(kept, common / 4 * 4)

        var answers: [Bool: [String]] = [:]
        for reuse in [false, true] {
            let file = folder.appendingPathComponent("\(reuse).jsonl").path
            let provider = LocalProvider(model: model, threads: 2, contextLength: 512, reusePrefixCache: reuse,
                                         generationLog: try GenerationLog(path: file))
            for gene in genes { answers[reuse, default: []].append(try await provider.complete(request(gene)).text) }
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { try JSONValue(parsing: String($0)) }
            XCTAssertEqual(lines.count, 2)
            let first = lines[0], second = lines[1]
            XCTAssertEqual(first["shared_with_cache"]?.intValue, 0, "a new session holds nothing")
            XCTAssertEqual(first["reused_tokens"]?.intValue, 0)
            XCTAssertEqual(second["prompt_tokens"]?.intValue, prompts[1].count)
            XCTAssertEqual(second["shared_with_cache"]?.intValue, common)
            XCTAssertEqual(second["reused_tokens"]?.intValue, reuse ? kept : 0)
            XCTAssertEqual(second["evaluated_tokens"]?.intValue, prompts[1].count - (reuse ? kept : 0))
            XCTAssertEqual(second["reuse_enabled"]?.boolValue, reuse)
            XCTAssertEqual(second["constraint"]?.stringValue, "complete")
            for line in lines {
                let generation = try XCTUnwrap(line["generation_seconds"]?.numberValue)
                let sampling = try XCTUnwrap(line["sampling_seconds"]?.numberValue)
                XCTAssertGreaterThan(sampling, 0)
                XCTAssertLessThanOrEqual(sampling, generation)
                XCTAssertGreaterThan(line["generated_tokens"]?.intValue ?? 0, 0)
            }
        }
        XCTAssertEqual(answers[true]?.count, 2)
        XCTAssertEqual(answers[true], answers[false])
    }
}
