import Foundation
import Providers
import Support
import TestSupport
import XCTest

/// Messages API round trips on loopback. Replies follow the shapes in Anthropic's Messages and
/// streaming documentation (message object with content blocks; message_start, content_block_*,
/// message_delta, message_stop events), written by hand for these tests.
final class AnthropicProviderTests: XCTestCase {
    static func event(_ name: String, _ data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }

    static let textStream = [
        event("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-test-1","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#),
        event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
        event("ping", #"{"type":"ping"}"#),
        event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#),
        event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", world"}}"#),
        event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"#),
        event("message_stop", #"{"type":"message_stop"}"#),
    ]

    func testStructuredRoundTripUsesAForcedToolAndSeparatesTheSystemPrompt() async throws {
        let reply = #"""
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-test-1",
         "content":[{"type":"text","text":"Recording."},{"type":"tool_use","id":"toolu_1","name":"gene_answer","input":{"rank":1,"gene":"TP53"}}],
         "stop_reason":"tool_use","usage":{"input_tokens":40,"output_tokens":12}}
        """#
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, reply) }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, model: "claude-test", apiKey: Secret("ak-test-456"))
        let schema: JSONValue = ["type": "object", "properties": ["gene": ["type": "string"], "rank": ["type": "integer"]]]
        let request = ChatRequest(messages: [.system("Be terse."), .system("Answer with a gene."), .user("Top gene?")],
                                  sampling: Sampling(temperature: 0.2, topK: 5, seed: 9, stop: ["END"]),
                                  responseSchema: ResponseSchema(name: "gene_answer", schema: schema))
        let response = try await provider.complete(request)

        XCTAssertEqual(response.text, #"{"gene":"TP53","rank":1}"#, "the tool input as canonical JSON, not the text block")
        XCTAssertEqual(response.finishReason, .toolUse)
        XCTAssertEqual(response.reportedModel, "claude-test-1")
        XCTAssertEqual(response.usage, TokenUsage(promptTokens: 40, completionTokens: 12))
        XCTAssertEqual(response.ignoredSettings, ["seed"], "the Messages API has no seed; the record must say so")
        XCTAssertEqual(response.identity.kind, .anthropic)

        let sent = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(sent.path, "/v1/messages")
        XCTAssertEqual(sent.headers["x-api-key"], "ak-test-456")
        XCTAssertEqual(sent.headers["anthropic-version"], "2023-06-01")
        XCTAssertNil(sent.headers["authorization"])
        let body = try JSONValue(parsing: sent.body)
        XCTAssertEqual(body["system"], "Be terse.\n\nAnswer with a gene.")
        XCTAssertEqual(body["messages"], [["role": "user", "content": "Top gene?"]])
        XCTAssertEqual(body["max_tokens"], 4096, "the API requires max_tokens; the default is sent")
        XCTAssertEqual(body["temperature"], 0.2)
        XCTAssertEqual(body["top_k"], 5)
        XCTAssertEqual(body["stop_sequences"], ["END"])
        XCTAssertNil(body["seed"])
        XCTAssertEqual(body["tools"]?[0]?["name"], "gene_answer")
        XCTAssertEqual(body["tools"]?[0]?["input_schema"], schema)
        XCTAssertEqual(body["tool_choice"], ["type": "tool", "name": "gene_answer"])
    }

    func testNonObjectSchemaIsWrappedAndUnwrapped() async throws {
        let reply = #"{"model":"c","content":[{"type":"tool_use","id":"t","name":"genes","input":{"value":["TP53","KRAS"]}}],"stop_reason":"tool_use"}"#
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, reply) }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, model: "c", apiKey: nil)
        let schema: JSONValue = ["type": "array", "items": ["type": "string"]]
        let response = try await provider.complete(ChatRequest(messages: [.user("Genes?")],
                                                               responseSchema: ResponseSchema(name: "genes", schema: schema)))
        XCTAssertEqual(response.text, #"["TP53","KRAS"]"#)
        let body = try JSONValue(parsing: try XCTUnwrap(server.requests.first).body)
        XCTAssertEqual(body["tools"]?[0]?["input_schema"], ["type": "object", "properties": ["value": schema], "required": ["value"]])
    }

    func testStreamingTextRoundTrip() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.sse(Self.textStream, pause: 0.01) }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, model: "c", apiKey: Secret("ak"))
        let pieces = PieceCollector()
        let response = try await provider.complete(ChatRequest(messages: [.user("Hi")], sampling: Sampling(maxTokens: 50)),
                                                   onToken: { pieces.append($0) })
        XCTAssertEqual(pieces.all, ["Hello", ", world"])
        XCTAssertEqual(response.text, "Hello, world")
        XCTAssertEqual(response.usage, TokenUsage(promptTokens: 25, completionTokens: 15))
        XCTAssertEqual(response.finishReason, .stop)
        XCTAssertEqual(response.reportedModel, "claude-test-1")
        XCTAssertEqual(response.ignoredSettings, [])
        let body = try JSONValue(parsing: try XCTUnwrap(server.requests.first).body)
        XCTAssertEqual(body["stream"], true)
        XCTAssertEqual(body["max_tokens"], 50)
    }

    func testStreamedToolInputIsAssembledFromJSONDeltas() async throws {
        let events = [
            Self.textStream[0],
            Self.event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"answer","input":{}}}"#),
            Self.event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"gene\": \"EG"}}"#),
            Self.event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"FR\"}"}}"#),
            Self.event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}"#),
            Self.event("message_stop", #"{"type":"message_stop"}"#),
        ]
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.sse(events) }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, model: "c", apiKey: nil)
        let pieces = PieceCollector()
        let response = try await provider.complete(
            ChatRequest(messages: [.user("Gene?")], responseSchema: ResponseSchema(name: "answer", schema: ["type": "object"])),
            onToken: { pieces.append($0) })
        XCTAssertEqual(response.text, #"{"gene":"EGFR"}"#)
        XCTAssertEqual(pieces.all.joined(), #"{"gene": "EGFR"}"#)
        XCTAssertEqual(response.finishReason, .toolUse)
    }

    func testErrorEventMidStreamIsAServerError() async throws {
        let events = [Self.textStream[0],
                      Self.event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)]
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.sse(events) }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, model: "c", apiKey: nil,
                                             retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01))
        let result = await failure { try await provider.complete(ChatRequest(messages: [.user("Hi")]), onToken: { _ in }) }
        XCTAssertEqual(result?.reason, .serverError("overloaded_error: Overloaded"))
        XCTAssertEqual(result?.attempts, 2, "no text was streamed, so the overload was retried")
    }

    func testRefusalStopReason() async throws {
        let reply = #"{"model":"c","content":[],"stop_reason":"refusal"}"#
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, reply) }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, model: "c", apiKey: nil)
        let result = await failure { try await provider.complete(ChatRequest(messages: [.user("Hi")])) }
        XCTAssertEqual(result?.reason, .refusal("stop_reason refusal"))
    }

    func testOnlySystemMessagesIsRejectedBeforeAnyCall() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, "{}") }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, model: "c", apiKey: nil)
        let result = await failure { try await provider.complete(ChatRequest(messages: [.system("Only a system prompt")])) }
        guard case .invalidRequest? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(result?.attempts, 0)
        XCTAssertEqual(server.requests.count, 0)
    }
}
