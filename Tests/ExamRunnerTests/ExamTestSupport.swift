import ConsiliumCLI
import Foundation
import Support
import TestSupport
import XCTest

/// Runs `consilium` in-process with captured output.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> CLIRun {
        let stdout = StringWriter(), stderr = StringWriter()
        let context = CommandContext(stdout: stdout, stderr: stderr, environment: environment)
        let status = await Consilium.main(["consilium"] + arguments, context: context)
        return CLIRun(status: status, stdout: stdout.text, stderr: stderr.text)
    }
}

enum ExamFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// The committed subsets (Benchmarks/exams, cut by Benchmarks/exams/make_subsets.py).
    static let subsets = "\(repository)/Benchmarks/exams"

    /// A scratch folder removed by the test's teardown.
    static func directory(_ test: XCTestCase) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("examrunner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Written for these tests in the generic format (Benchmarks/exams/README.md): eight good items
    /// whose stems start `ITEM <id>:` so the fake server can tell them apart, and four bad lines:
    /// no answer key, a duplicate id, a key not among the options, and a truncated JSON line.
    static let questionFile = """
        {"id": "q1", "question": "ITEM q1: Which organ makes insulin?", "options": {"A": "Liver", "B": "Pancreas", "C": "Kidney", "D": "Spleen"}, "answer": "B", "tags": {"domain": "physiology"}}
        {"id": "q2", "question": "ITEM q2: Which vitamin deficiency causes scurvy?", "options": {"A": "Vitamin C", "B": "Vitamin D", "C": "Vitamin K", "D": "Vitamin A"}, "answer": "A", "tags": {"domain": "nutrition"}}
        {"id": "nokey", "question": "ITEM nokey: A question without a key?", "options": {"A": "One", "B": "Two"}}
        {"id": "q3", "question": "ITEM q3: Normal adult resting heart rate?", "options": {"A": "20-40", "B": "60-100", "C": "120-160", "D": "180-200"}, "answer": "B", "tags": {"domain": "physiology"}}
        {"id": "q1", "question": "ITEM q1: A duplicate id", "options": {"A": "One", "B": "Two"}, "answer": "A"}
        {"id": "q4", "question": "ITEM q4: Which electrolyte is mainly intracellular?", "options": {"A": "Sodium", "B": "Chloride", "C": "Potassium", "D": "Calcium"}, "answer": "C", "tags": {"domain": "physiology"}}
        {"id": "badkey", "question": "ITEM badkey: A key that is not an option", "options": {"A": "One", "B": "Two"}, "answer": "E"}
        {"id": "q5", "question": "ITEM q5: Which bone is in the thigh?", "options": {"A": "Femur", "B": "Tibia", "C": "Ulna", "D": "Radius"}, "answer": "A", "tags": {"domain": "anatomy"}}
        {"id": "q6", "question": "ITEM q6: Main site of gas exchange?", "options": {"A": "Bronchi", "B": "Trachea", "C": "Alveoli", "D": "Larynx"}, "answer": "C", "tags": {"domain": "anatomy"}}
        {"id": "q7", "question": "ITEM q7: Which cells make antibodies?", "options": {"A": "Neutrophils", "B": "Plasma cells", "C": "Platelets", "D": "Erythrocytes"}, "answer": "B", "tags": {"domain": "immunology"}}
        {"id": "q8", "question": "ITEM q8: Which hormone lowers blood glucose?", "options": {"A": "Glucagon", "B": "Cortisol", "C": "Insulin", "D": "Adrenaline"}, "answer": "C", "tags": {"domain": "physiology"}}
        {"id": "trunc", "question": "ITEM trunc: cut off", "options": {"A": "On
        """

    /// What the fake model replies per item: right, wrong, unparseable, empty, a refusal.
    static let replies: [String: String] = [
        "q1": "The pancreas makes insulin.\nAnswer: B",
        "q2": "Answer: (A)",
        "q3": "I think it is C.",
        "q4": "C",
        "q5": "Either A or B could be right.",
        "q6": "",
        "q7": "I cannot provide medical advice; consult a doctor.",
        "q8": "**Answer: C**",
    ]
    static let goodItems = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

    static func provider(_ server: FakeExamServer, in directory: String, concurrency: Int = 2) throws -> String {
        let path = "\(directory)/provider.json"
        try write("""
            {"kind": "openai", "base_url": "\(server.baseURL.absoluteString)", "model": "fake-exam-model", "api_key_env": null,
             "max_concurrency": \(concurrency), "timeout": 30, "retry": {"max_attempts": 1}}
            """, to: path)
        return path
    }
}

/// An OpenAI-compatible endpoint on loopback that answers exam prompts from a table, by the
/// `ITEM <id>:` marker in the prompt. Items in `failOnce` get HTTP 500 the first time they are
/// asked; `holdAfter(n)` leaves every request after the n-th unanswered until `dropHeld()`.
final class FakeExamServer: @unchecked Sendable {
    private(set) var server: LoopbackHTTPServer!
    private let condition = NSCondition()
    private var asked: [String: Int] = [:]
    private var limit: Int?
    private var dropping = false
    private let failOnce: Set<String>
    private let delay: Double
    private let replies: [String: String]
    /// Answer a request for log-probabilities with plain text, as servers without them do.
    private let ignoreLogprobs: Bool

    init(replies: [String: String] = ExamFixtures.replies, failOnce: Set<String> = [], delay: Double = 0,
         ignoreLogprobs: Bool = false) throws {
        self.replies = replies
        self.ignoreLogprobs = ignoreLogprobs
        self.failOnce = failOnce
        self.delay = delay
        server = try LoopbackHTTPServer { [unowned self] request, _ in self.reply(to: request) }
    }

    deinit { server?.stop() }

    var baseURL: URL { server.baseURL }
    var maxConcurrent: Int { server.maxConcurrent }

    /// Requests answered (HTTP 500 included) per item id.
    var askedCounts: [String: Int] { condition.lock(); defer { condition.unlock() }; return asked }
    var answeredTotal: Int { askedCounts.values.reduce(0, +) }

    func holdAfter(_ count: Int) { condition.lock(); limit = count; condition.unlock() }

    func dropHeld() {
        condition.lock()
        dropping = true
        limit = nil
        condition.broadcast()
        condition.unlock()
    }

    private func reply(to request: RecordedRequest) -> [ReplyStep] {
        guard let body = try? JSONValue(parsing: request.body),
              let prompt = body["messages"]?.arrayValue?.last?["content"]?.stringValue,
              let id = Self.itemID(in: prompt) else {
            return ReplyStep.json(400, #"{"error":{"message":"no ITEM marker"}}"#)
        }
        condition.lock()
        if let limit, asked.values.reduce(0, +) >= limit {
            while !dropping { condition.wait() }
            condition.unlock()
            return [.abort]
        }
        asked[id, default: 0] += 1
        let first = asked[id] == 1
        condition.unlock()
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        if first, failOnce.contains(id) { return ReplyStep.json(500, #"{"error":{"message":"server overloaded"}}"#) }
        if body["logprobs"] == .bool(true), !ignoreLogprobs { return Self.logprobReply(id) }
        let content = replies[id] ?? "Answer: A"
        return ReplyStep.json(200, JSONValue.object([
            "id": "chatcmpl-exam", "object": "chat.completion", "created": 1, "model": "fake-exam-model-1",
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35],
        ]).canonicalText)
    }

    /// Top log-probabilities of the first answer token per item, for next-token runs: q1 puts B
    /// (two spellings) first, q2 puts C first (wrong), q3 starts with words and no letter, the rest A.
    static let firstTokenAlternatives: [String: [(String, Double)]] = [
        "q1": [("B", -0.3), (" B", -1.8), ("A", -2.0), ("The", -3.0)],
        "q2": [("C", -0.4), ("A", -1.2)],
        "q3": [("The", -0.1), ("I", -2.5)],
    ]

    static func logprobReply(_ id: String) -> [ReplyStep] {
        let alternatives = firstTokenAlternatives[id] ?? [("A", -0.2), ("B", -1.9)]
        let top = JSONValue.array(alternatives.map { ["token": .string($0.0), "logprob": .number($0.1), "bytes": .array([])] })
        let first = alternatives[0]
        return ReplyStep.json(200, JSONValue.object([
            "id": "chatcmpl-exam", "object": "chat.completion", "created": 1, "model": "fake-exam-model-1",
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(first.0)], "finish_reason": "length",
                         "logprobs": ["content": [["token": .string(first.0), "logprob": .number(first.1), "bytes": .array([]),
                                                   "top_logprobs": top]]]]],
            "usage": ["prompt_tokens": 30, "completion_tokens": 1, "total_tokens": 31],
        ]).canonicalText)
    }

    /// The id in the last `ITEM <id>:` marker of the prompt (exemplars come first).
    static func itemID(in prompt: String) -> String? {
        guard let range = prompt.range(of: "ITEM ", options: .backwards) else { return nil }
        let rest = prompt[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return String(rest[..<colon])
    }
}
