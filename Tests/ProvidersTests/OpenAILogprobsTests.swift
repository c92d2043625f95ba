import Foundation
import Providers
import Support
import TestSupport
import XCTest

/// Top log-probabilities of the first answer token (exam mode b on remote endpoints), against the
/// loopback server. Reply shapes follow OpenAI's chat-completions reference (`logprobs.content[]`, each
/// with `token`, `logprob`, `bytes` and `top_logprobs`), written by hand for these tests.
final class OpenAILogprobsTests: XCTestCase {
    static let reply = #"""
    {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"test-model-2025",
     "choices":[{"index":0,"message":{"role":"assistant","content":"B"},"finish_reason":"stop",
       "logprobs":{"content":[{"token":"B","logprob":-0.105,"bytes":[66],
         "top_logprobs":[{"token":"B","logprob":-0.105,"bytes":[66]},{"token":" B","logprob":-2.9,"bytes":[32,66]},
                         {"token":"A","logprob":-3.2,"bytes":[65]},{"token":"C","logprob":-5.0,"bytes":[67]}]}],
         "refusal":null}}],
     "usage":{"prompt_tokens":40,"completion_tokens":1,"total_tokens":41}}
    """#

    func testRequestAsksForTopLogprobsAndTheReplyIsRead() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, Self.reply) }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil)
        let response = try await provider.complete(ChatRequest(messages: [.user("Q")], sampling: Sampling(maxTokens: 1),
                                                               topLogprobs: 20))
        XCTAssertEqual(response.text, "B")
        XCTAssertEqual(response.firstTokenLogprobs, [TokenLogprob(token: "B", logprob: -0.105), TokenLogprob(token: " B", logprob: -2.9),
                                                     TokenLogprob(token: "A", logprob: -3.2), TokenLogprob(token: "C", logprob: -5.0)])
        let body = try JSONValue(parsing: try XCTUnwrap(server.requests.first).body)
        XCTAssertEqual(body["logprobs"], true)
        XCTAssertEqual(body["top_logprobs"], 20)
    }

    func testWithoutTheOptionNothingIsAskedOrRead() async throws {
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, Self.reply) }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil)
        let response = try await provider.complete(ChatRequest(messages: [.user("Q")]))
        let body = try JSONValue(parsing: try XCTUnwrap(server.requests.first).body)
        XCTAssertNil(body["logprobs"])
        XCTAssertNil(body["top_logprobs"])
        // A server that sends them anyway is read; the caller decides whether to use them.
        XCTAssertEqual(response.firstTokenLogprobs?.count, 4)
    }

    func testStreamedReplyTakesTheFirstTokensAlternatives() async throws {
        func chunk(_ token: String, _ top: String) -> String {
            #"data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"# + JSONValue.string(token).canonicalText
                + #"},"logprobs":{"content":[{"token":"# + JSONValue.string(token).canonicalText + #","logprob":-0.2,"bytes":[],"top_logprobs":"# + top
                + #"}]},"finish_reason":null}]}"# + "\n\n"
        }
        let events = [chunk("yes", #"[{"token":"yes","logprob":-0.2,"bytes":[]},{"token":"no","logprob":-1.8,"bytes":[]}]"#),
                      chunk(".", #"[{"token":".","logprob":-0.01,"bytes":[]}]"#), "data: [DONE]\n\n"]
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.sse(events, pause: 0.01) }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil)
        let response = try await provider.complete(ChatRequest(messages: [.user("Q")], topLogprobs: 2), onToken: { _ in })
        XCTAssertEqual(response.text, "yes.")
        XCTAssertEqual(response.firstTokenLogprobs, [TokenLogprob(token: "yes", logprob: -0.2), TokenLogprob(token: "no", logprob: -1.8)])
    }

    func testMistypedLogprobNamesItsPath() async throws {
        let bad = Self.reply.replacingOccurrences(of: #"{"token":"A","logprob":-3.2"#, with: #"{"token":"A","logprob":"-3.2""#)
        let server = try LoopbackHTTPServer { _, _ in ReplyStep.json(200, bad) }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(baseURL: server.baseURL, model: "m", apiKey: nil)
        let result = await failure { try await provider.complete(ChatRequest(messages: [.user("Q")], topLogprobs: 5)) }
        guard case .malformedReply(let path, let reason, _)? = result?.reason else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(path, "$.choices[0].logprobs.content[0].top_logprobs[2].logprob")
        XCTAssertEqual(reason, "expected a number <= 0")
    }
}
