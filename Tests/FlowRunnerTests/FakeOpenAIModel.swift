import Foundation
import Support
import TestSupport

/// A test model behind a real OpenAI-compatible HTTP server on loopback. It answers from the
/// `GENE: X` line of the last user message:
///
/// - `REASK...`: prose (not JSON) on the first attempt, a valid answer once re-asked;
/// - `BAD...`: a score of 7, outside the schema's 0...1, every time;
/// - `DOWN...`: HTTP 400 (not retried: the call fails);
/// - `ECHO...`: HTTP 400 whose body repeats the request's Authorization header, as careless
///   servers do, for the secret tests;
/// - anything else: `{"symbol": X, "score": s}` with s fixed by X.
///
/// It counts the requests it answered by body, and can be told to hold every request after the
/// first n unanswered (`holdAfter`), as if the network stopped, until `dropHeld()`.
final class FakeOpenAIModel: @unchecked Sendable {
    private(set) var server: LoopbackHTTPServer!
    private let delay: Double
    private let condition = NSCondition()
    private var answered: [String: Int] = [:]
    private var answeredTotal = 0
    private var limit: Int?
    private var dropping = false
    private var authorizations: Set<String> = []

    /// - Parameter delay: seconds each answer takes, so concurrent calls overlap.
    init(delay: Double = 0) throws {
        self.delay = delay
        server = try LoopbackHTTPServer { [unowned self] request, _ in self.reply(to: request) }
    }

    deinit { server?.stop() }

    var baseURL: URL { server.baseURL }

    /// Answered requests by body text.
    var answeredBodies: [String: Int] { condition.lock(); defer { condition.unlock() }; return answered }
    var answeredCount: Int { condition.lock(); defer { condition.unlock() }; return answeredTotal }

    /// Every Authorization header value received.
    var receivedAuthorizations: Set<String> { condition.lock(); defer { condition.unlock() }; return authorizations }

    func holdAfter(_ count: Int) { condition.lock(); limit = count; condition.unlock() }

    /// Closes every held request without an answer, and answers normally from now on.
    func dropHeld() {
        condition.lock()
        dropping = true
        limit = nil
        condition.broadcast()
        condition.unlock()
    }

    private func reply(to request: RecordedRequest) -> [ReplyStep] {
        condition.lock()
        if let limit, answeredTotal >= limit {
            while !dropping { condition.wait() }
            condition.unlock()
            return [.abort]
        }
        answeredTotal += 1
        answered[request.bodyText, default: 0] += 1
        if let authorization = request.headers["authorization"] { authorizations.insert(authorization) }
        condition.unlock()
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        guard let body = try? JSONValue(parsing: request.body), let messages = body["messages"]?.arrayValue else {
            return ReplyStep.json(400, #"{"error":{"message":"unreadable request"}}"#)
        }
        // In a re-ask the last user message is the complaint: the gene is in an earlier one.
        let gene = messages.reversed().lazy.map { Self.gene(in: $0["content"]?.stringValue ?? "") }.first { !$0.isEmpty } ?? ""
        let reasked = messages.contains { $0["role"]?.stringValue == "assistant" }
        if gene.hasPrefix("ECHO") {
            let echoed = JSONValue.string("rejected credentials: \(request.headers["authorization"] ?? "none")").canonicalText
            return ReplyStep.json(400, #"{"error":{"message":"# + echoed + "}}")
        }
        if gene.hasPrefix("DOWN") { return ReplyStep.json(400, #"{"error":{"message":"model unavailable"}}"#) }
        let content: String
        if gene.hasPrefix("REASK"), !reasked {
            content = "I think \(gene) fits the case."
        } else if gene.hasPrefix("BAD") {
            content = #"{"symbol": "\#(gene)", "score": 7}"#
        } else {
            content = JSONValue.object(["symbol": .string(gene), "score": .number(Self.score(gene))]).canonicalText
        }
        return ReplyStep.json(200, Self.completion(content))
    }

    /// The gene named on a `GENE: X` line, or "".
    static func gene(in text: String) -> String {
        for line in text.split(separator: "\n") where line.hasPrefix("GENE: ") {
            return String(line.dropFirst("GENE: ".count)).trimmingCharacters(in: .whitespaces)
        }
        return ""
    }

    /// A fixed score in 0...1 from the symbol's characters.
    static func score(_ gene: String) -> Double {
        Double(gene.unicodeScalars.reduce(0) { ($0 * 31 + Int($1.value)) % 101 }) / 100
    }

    static func completion(_ content: String) -> String {
        JSONValue.object([
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "fake-model-1",
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 20, "completion_tokens": 8, "total_tokens": 28],
        ]).canonicalText
    }
}
