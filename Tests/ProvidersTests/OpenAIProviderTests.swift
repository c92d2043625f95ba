import Foundation
import Providers
import Support
import TestSupport
import XCTest

/// Round trips against the loopback server. Reply bodies follow the shapes in OpenAI's API
/// reference for chat completions (non-streamed object, and streamed `chat.completion.chunk`s with
/// `stream_options.include_usage`), written by hand for these tests.
final class OpenAIProviderTests: XCTestCase {
    static let reply = #"""
    {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"test-model-2025",
     "choices":[{"index":0,"message":{"role":"assistant","content":"{\"gene\":\"BRCA1\"}","refusal":null},"finish_reason":"stop"}],
     "usage":{"prompt_tokens":21,"completion_tokens":7,"total_tokens":28}}
    """#

    static func chunk(_ delta: String, finish: String? = nil) -> String {
        let reason = finish.map { "\"\($0)\"" } ?? "null"
        return #"data: {"id":"c","object":"chat.completion.chunk","model":"test-model-2025","choices":[{"index":0,"delta":{"content":"# + JSONValue.string(delta).canonicalText + #"},"finish_reason":"# + reason + "}]}\n\n"
    }

    static let usageChunk = #"data: {"id":"c","object":"chat.completion.chunk","model":"test-model-2025","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}"# + "\n\n"

    func testNonStreamingRoundTripSendsModelMessagesSchemaAndSeed() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, Self.reply) }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "test-model", apiKey: Secret("sk-test-123"))
        let schema: JSONValue = ["type": "object", "properties": ["gene": ["type": "string"]], "required": ["gene"],
                                 "additionalProperties": false]
        let request = ChatRequest(
            messages: [.system("You rank genes."), .user("Top gene?")],
            sampling: Sampling(temperature: 0, topP: 0.9, maxTokens: 64, seed: 42, stop: ["\n\n"]),
            responseSchema: ResponseSchema(name: "gene_answer", schema: schema))
        let response = try await provider.complete(request)

        XCTAssertEqual(response.text, #"{"gene":"BRCA1"}"#)
        XCTAssertEqual(response.reportedModel, "test-model-2025")
        XCTAssertEqual(response.finishReason, .stop)
        XCTAssertEqual(response.usage, TokenUsage(promptTokens: 21, completionTokens: 7))
        XCTAssertEqual(response.attempts, 1)
        XCTAssertEqual(response.identity, ProviderIdentity(kind: .openai, baseURL: server.baseURL.absoluteString, model: "test-model"))
        XCTAssertGreaterThan(response.latency, 0)
        XCTAssertEqual(try JSONValue(parsing: response.rawReply)["model"], "test-model-2025")

        let sent = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(sent.method, "POST")
        XCTAssertEqual(sent.path, "/v1/chat/completions")
        XCTAssertEqual(sent.headers["authorization"], "Bearer sk-test-123")
        let body = try JSONValue(parsing: sent.body)
        XCTAssertEqual(body["model"], "test-model")
        XCTAssertEqual(body["messages"], [["role": "system", "content": "You rank genes."], ["role": "user", "content": "Top gene?"]])
        XCTAssertEqual(body["seed"], 42)
        XCTAssertEqual(body["temperature"], 0)
        XCTAssertEqual(body["top_p"], 0.9)
        XCTAssertEqual(body["max_tokens"], 64)
        XCTAssertEqual(body["stop"], ["\n\n"])
        XCTAssertEqual(body["stream"], false)
        XCTAssertNil(body["top_k"], "unset fields are left to the server")
        XCTAssertEqual(body["response_format"], ["type": "json_schema",
                                                 "json_schema": ["name": "gene_answer", "schema": schema, "strict": true]])
    }

    func testStreamingDeliversPiecesAndUsageFromTheLastChunk() async throws {
        let events = [Self.chunk("The "), ": keep-alive comment\n\n", Self.chunk("answer"), Self.chunk(" is 42.", finish: "stop"),
                      Self.usageChunk, "data: [DONE]\n\n"]
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.sse(events, pause: 0.02) }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil)
        let pieces = PieceCollector()
        let response = try await provider.complete(ChatRequest(messages: [.user("Q")], sampling: .greedy(seed: 3)),
                                                   onToken: { pieces.append($0) })
        XCTAssertEqual(pieces.all, ["The ", "answer", " is 42."])
        XCTAssertEqual(response.text, "The answer is 42.")
        XCTAssertEqual(response.usage, TokenUsage(promptTokens: 12, completionTokens: 3))
        XCTAssertEqual(response.reportedModel, "test-model-2025")
        XCTAssertEqual(response.finishReason, .stop)
        XCTAssertNotNil(response.timeToFirstToken)
        XCTAssertTrue(response.rawReply.hasSuffix("data: [DONE]\n\n"))

        let sent = try XCTUnwrap(server.requests.first)
        XCTAssertNil(sent.headers["authorization"], "no key configured, no header")
        let body = try JSONValue(parsing: sent.body)
        XCTAssertEqual(body["stream"], true)
        XCTAssertEqual(body["stream_options"], ["include_usage": true])
        XCTAssertEqual(body["seed"], 3)
    }

    func testRefusalAndEmptyRepliesAreTyped() async throws {
        let refusal = #"{"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}"#
        let empty = #"{"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"stop"}]}"#
        let server = try LoopbackHTTPServer { _, index in ReplyStep.json(200, index == 0 ? refusal : empty) }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil)
        let first = await failure { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        XCTAssertEqual(first?.reason, .refusal("I can't help with that."))
        let second = await failure { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        XCTAssertEqual(second?.reason, .emptyReply)
        XCTAssertEqual(server.requests.count, 2, "neither is retried")
    }

    func testMalformedReplyNamesTheJSONPath() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            ReplyStep.json(200, #"{"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":17}}]}"#)
        }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil)
        let result = await failure { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        guard case .malformedReply(let path, let reason, _)? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(path, "$.choices[0].message.content")
        XCTAssertEqual(reason, "expected a string, found number")
    }
}

/// Collects streamed pieces from whatever thread delivers them.
final class PieceCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var pieces: [String] = []
    func append(_ piece: String) { lock.lock(); pieces.append(piece); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return pieces }
}

/// The `ProviderFailure` a call throws, or nil (with a test failure) when it succeeds or throws something else.
func failure(file: StaticString = #filePath, line: UInt = #line,
             _ call: () async throws -> ChatResponse) async -> ProviderFailure? {
    do {
        let response = try await call()
        XCTFail("expected a failure, got \(response.text)", file: file, line: line)
    } catch let failure as ProviderFailure {
        return failure
    } catch {
        XCTFail("expected a ProviderFailure, got \(error)", file: file, line: line)
    }
    return nil
}
