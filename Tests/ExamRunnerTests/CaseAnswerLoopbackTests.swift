import ExamRunner
import Exams
import Foundation
import Provenance
import Ratings
import Support
import TestSupport
import XCTest

/// `consilium bench cases answer` end to end against an OpenAI-compatible endpoint on loopback
/// (LoopbackHTTPServer) answering the five `CASE <n>:` items of `JudgeLoopbackTests.writeSet`,
/// then `bench judge --answers RUN` rating those answers with two loopback judges.
final class CaseAnswerLoopbackTests: XCTestCase {
    static let prompts = "\(ExamFixtures.repository)/Prompts"

    /// An answering endpoint: case n gets `replies[n - 1]`; cases in `failFirst` get HTTP 500 the first time.
    static func answerer(_ replies: [String], failFirst: Set<Int> = []) throws -> LoopbackHTTPServer {
        let seen = SeenCounter()
        return try LoopbackHTTPServer { request, _ in
            guard let body = try? JSONValue(parsing: request.body),
                  let prompt = body["messages"]?.arrayValue?.last?["content"]?.stringValue,
                  let range = prompt.range(of: "CASE "),
                  let number = Int(prompt[range.upperBound...].prefix { $0.isNumber }), replies.indices.contains(number - 1) else {
                return ReplyStep.json(400, #"{"error":{"message":"no CASE marker"}}"#)
            }
            if failFirst.contains(number), seen.first(number) { return ReplyStep.json(500, #"{"error":{"message":"overloaded"}}"#) }
            return ReplyStep.json(200, JSONValue.object([
                "id": "chatcmpl-case", "object": "chat.completion", "created": 1, "model": "answerer",
                "choices": [["index": 0, "message": ["role": "assistant", "content": .string(replies[number - 1])], "finish_reason": "stop"]],
                "usage": ["prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150],
            ]).canonicalText)
        }
    }

    static let replies = (1...5).map { "For case \($0): 60 Gy in 30 fractions; evidence is limited.\nRecommendation: 60 Gy/30." }

    func arguments(_ dir: String, provider: String) -> [String] {
        ["bench", "cases", "answer", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite",
         "--provider", provider, "--prompts", Self.prompts, "--json"]
    }

    func testAnswersAreStoredAndASecondRunComesFromTheCache() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        var replies = Self.replies
        replies[3] = ""  // case 4: an empty answer, counted apart
        let server = try Self.answerer(replies)
        defer { server.stop() }
        let provider = try JudgeLoopbackTests.provider(server, model: "answerer", in: dir)
        let first = await CLIRun.run(arguments(dir, provider: provider))
        XCTAssertEqual(first.status, 0, first.stderr)
        let row = try XCTUnwrap(JSONValue(parsing: Data(first.stdout.utf8))["runs"]?[0])
        XCTAssertEqual(row["answers"]?.intValue, 5)
        XCTAssertEqual(row["failed"]?.intValue, 0)
        XCTAssertEqual(row["empty"]?.intValue, 1)
        XCTAssertEqual(row["completionTokens"]?.intValue, 120, "the empty reply reports no usage")
        XCTAssertEqual(row["meanLength"]?.numberValue, Double(Self.replies[0].count))
        XCTAssertFalse(first.stdout.contains("Which dose"), "the summary holds no item text")
        let runID = RunID(try XCTUnwrap(row["runID"]?.stringValue))
        XCTAssertTrue(first.stderr.contains("consilium bench cases answer --resume \(runID)"), first.stderr)

        let store = try ProvenanceStore(path: "\(dir)/prov.sqlite")
        XCTAssertEqual(try store.run(runID)?.status, .succeeded)
        XCTAssertEqual(try store.run(runID)?.flowID, CaseAnswerRunner.flowID)
        let answers = try CaseAnswerRun.read(runID, store: store)
        XCTAssertEqual(answers.label, "answerer")
        XCTAssertEqual(answers.itemIDs, (1...5).map { "radonc-\($0)" })
        XCTAssertEqual(answers.answers["radonc-2"], Self.replies[1])
        XCTAssertEqual(answers.answers["radonc-4"], "")
        XCTAssertEqual(answers.answerSet.source, "answerer")
        XCTAssertEqual(answers.answerSet.answers.count, 5)
        let call = try XCTUnwrap(store.calls(run: runID).first { $0.key.item == "radonc-1" })
        XCTAssertEqual(call.request.template?.id, "case-answer")
        XCTAssertEqual(call.request.messages[0]?["role"]?.stringValue, "system")
        XCTAssertTrue(call.request.messages[0]?["content"]?.stringValue?.contains("never invent") ?? false
                      || call.request.messages[0]?["content"]?.stringValue?.contains("Never invent") ?? false)
        XCTAssertTrue(call.request.messages[1]?["content"]?.stringValue?.contains("CASE 1: Which dose for case 1?") ?? false)
        XCTAssertEqual(call.request.sampling["temperature"]?.numberValue, 0, "greedy by default")
        XCTAssertEqual(server.requests.count, 5)

        let second = await CLIRun.run(arguments(dir, provider: provider))
        XCTAssertEqual(second.status, 0, second.stderr)
        let again = try XCTUnwrap(JSONValue(parsing: Data(second.stdout.utf8))["runs"]?[0])
        let rerun = RunID(try XCTUnwrap(again["runID"]?.stringValue))
        XCTAssertNotEqual(rerun, runID)
        XCTAssertEqual(server.requests.count, 5, "every answer comes from the cache")
        XCTAssertEqual(try store.calls(run: rerun).filter(\.cacheHit).count, 5)
        XCTAssertEqual(try CaseAnswerRun.read(rerun, store: store).answers, answers.answers)
    }

    func testAFailedCallIsFinishedWithResumeAndRetryErrors() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        let server = try Self.answerer(Self.replies, failFirst: [3])
        defer { server.stop() }
        let first = await CLIRun.run(arguments(dir, provider: try JudgeLoopbackTests.provider(server, model: "answerer", in: dir)))
        XCTAssertEqual(first.status, 0, first.stderr)
        let row = try XCTUnwrap(JSONValue(parsing: Data(first.stdout.utf8))["runs"]?[0])
        XCTAssertEqual(row["answers"]?.intValue, 4)
        XCTAssertEqual(row["failed"]?.intValue, 1)
        let runID = RunID(try XCTUnwrap(row["runID"]?.stringValue))
        let store = try ProvenanceStore(path: "\(dir)/prov.sqlite")
        XCTAssertEqual(try store.run(runID)?.status, .failed)
        let failed = try CaseAnswerRun.read(runID, store: store)
        XCTAssertEqual(Array(failed.failed.keys), ["radonc-3"])
        XCTAssertNil(failed.answers["radonc-3"], "a failed call is never an answer")

        // Without --retry-errors a resume keeps the failure and asks nothing.
        let kept = await CLIRun.run(["bench", "cases", "answer", "--resume", runID.rawValue, "--db", "\(dir)/prov.sqlite",
                                     "--prompts", Self.prompts, "--json"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertEqual(server.requests.count, 5)
        let resumed = await CLIRun.run(["bench", "cases", "answer", "--resume", runID.rawValue, "--retry-errors",
                                        "--db", "\(dir)/prov.sqlite", "--prompts", Self.prompts, "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let after = try XCTUnwrap(JSONValue(parsing: Data(resumed.stdout.utf8))["runs"]?[0])
        XCTAssertEqual(after["runID"]?.stringValue, runID.rawValue)
        XCTAssertEqual(after["answers"]?.intValue, 5)
        XCTAssertEqual(server.requests.count, 6, "only the failed call is asked again")
        XCTAssertEqual(try store.calls(run: runID).last?.key, CallKey(step: "answer", item: "radonc-3", attempt: 2))
        XCTAssertEqual(try store.run(runID)?.status, .succeeded)
        XCTAssertEqual(try CaseAnswerRun.read(runID, store: store).answers["radonc-3"], Self.replies[2])
    }

    func testASetWithoutOpenEndedItemsIsRefusedBeforeAnyCall() async throws {
        let dir = try ExamFixtures.directory(self)
        try ExamFixtures.write(ExamFixtures.questionFile, to: "\(dir)/mcq.jsonl")
        let server = try Self.answerer(Self.replies)
        defer { server.stop() }
        let result = await CLIRun.run(["bench", "cases", "answer", "\(dir)/mcq.jsonl", "--db", "\(dir)/prov.sqlite", "--prompts", Self.prompts,
                                       "--provider", try JudgeLoopbackTests.provider(server, model: "answerer", in: dir)])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("mcq: no item to ask (it has no open-ended item among its 8"), result.stderr)
        XCTAssertEqual(server.requests.count, 0)
    }

    /// A redacted (copyrighted) question file is still sent to the model, but its text reaches the
    /// answers file only with --item-text and --show-redacted-text.
    func testARedactedSetsTextIsWrittenOnlyWhenAskedTwice() async throws {
        let dir = try ExamFixtures.directory(self)
        try ExamFixtures.write("""
            {"id": "gz-1", "question": "CASE 1: A copyrighted gray-zone case?"}
            {"id": "gz-2", "question": "CASE 2: Another copyrighted case?"}
            {"id": "mc-1", "question": "ITEM mc-1: A multiple-choice item, not answered here", "options": {"A": "x", "B": "y"}, "answer": "A"}
            """, to: "\(dir)/grayzone.jsonl")
        let server = try Self.answerer(Self.replies)
        defer { server.stop() }
        let base = ["bench", "cases", "answer", "\(dir)/grayzone.jsonl", "--redact-text", "--db", "\(dir)/prov.sqlite",
                    "--prompts", Self.prompts, "--provider", try JudgeLoopbackTests.provider(server, model: "answerer", in: dir)]
        func lines(_ extra: [String], _ out: String) async throws -> [JSONValue] {
            let result = await CLIRun.run(base + ["--out", "\(dir)/\(out)"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertFalse(result.stdout.contains("copyrighted") || result.stderr.contains("copyrighted"), result.stdout + result.stderr)
            let text = try String(contentsOfFile: "\(dir)/\(out)/case-answers.jsonl", encoding: .utf8)
            return try text.split(separator: "\n").map { try JSONValue(parsing: Data($0.utf8)) }
        }
        let plain = try await lines([], "plain")
        XCTAssertEqual(plain.map { $0["item"]?.stringValue }, ["gz-1", "gz-2"], "open-ended items only")
        XCTAssertEqual(plain.map { $0["status"]?.stringValue }, ["answer", "answer"])
        XCTAssertTrue(plain.allSatisfy { $0["question"] == nil && $0["answer"] == nil })
        XCTAssertTrue(server.requests[0].bodyText.contains("copyrighted"), "the text is sent to the model")
        let once = try await lines(["--item-text"], "once")
        XCTAssertTrue(once.allSatisfy { $0["question"] == nil && $0["answer"] == nil }, "a redacted set needs --show-redacted-text too")
        let twice = try await lines(["--item-text", "--show-redacted-text"], "twice")
        XCTAssertEqual(twice[0]["question"]?.stringValue, "CASE 1: A copyrighted gray-zone case?")
        XCTAssertEqual(twice[0]["answer"]?.stringValue, Self.replies[0])
        XCTAssertEqual(server.requests.count, 2, "the later runs come from the cache")
    }

    func testResumeRefusesSettingsThatChangeItsCalls() async {
        let result = await CLIRun.run(["bench", "cases", "answer", "--resume", "r1", "--max-tokens", "9"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("keeps its own settings"), result.stderr)
    }

    /// Two judges rate the answer run's answers (not the set's shipped ones): per judge the mean
    /// over rated items, and the panel's ordinal alpha, hand-computed: items 1-3 rated by both,
    /// (4, 5), (4, 3), (3, 2), give alpha = 1 - D_o / D_e = 113/198 (Krippendorff 2011, ordinal metric).
    func testJudgeRatesTheAnswersOfAnAnswerRun() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        let answerer = try Self.answerer(Self.replies)
        let judgeA = try JudgeLoopbackTests.judge([
            #"{"rationale": "ok", "rating": 4}"#, #"{"rationale": "ok", "rating": 4}"#, #"{"rationale": "ok", "rating": 3}"#,
            "no idea", nil,
        ])
        let judgeB = try JudgeLoopbackTests.judge([5, 3, 2, 2, 4].map { #"{"rationale": "r", "rating": \#($0)}"# })
        defer { answerer.stop(); judgeA.stop(); judgeB.stop() }
        let answered = await CLIRun.run(arguments(dir, provider: try JudgeLoopbackTests.provider(answerer, model: "answerer", in: dir)))
        XCTAssertEqual(answered.status, 0, answered.stderr)
        let answerRun = try XCTUnwrap(JSONValue(parsing: Data(answered.stdout.utf8))["runs"]?[0]?["runID"]?.stringValue)

        let judged = await CLIRun.run([
            "bench", "judge", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite", "--prompts", Self.prompts,
            "--answers", answerRun, "--out", "\(dir)/out", "--json",
            "--provider", try JudgeLoopbackTests.provider(judgeA, model: "judge-a", in: dir),
            "--provider", try JudgeLoopbackTests.provider(judgeB, model: "judge-b", in: dir),
        ])
        XCTAssertEqual(judged.status, 0, judged.stderr)
        let report = try JSONValue(parsing: Data(judged.stdout.utf8))
        let row = try XCTUnwrap(report["answers"]?[0])
        XCTAssertEqual(row["model"]?.stringValue, "answerer")
        XCTAssertEqual(row["answerRunID"]?.stringValue, answerRun)
        XCTAssertEqual(row["judgedItems"]?.intValue, 5)
        XCTAssertEqual(row["panel"]?[0]?["dimension"]?.stringValue, "rating")
        XCTAssertEqual(row["panel"]?[0]?["ordinalAlpha"]?.numberValue ?? .nan, 113.0 / 198.0, accuracy: 1e-12)
        let judges = try XCTUnwrap(row["judges"]?.arrayValue)
        XCTAssertEqual(judges.map { $0["label"]?.stringValue }, ["judge-a", "judge-b"])
        XCTAssertEqual(judges.map { $0["rated"]?.intValue }, [3, 5])
        XCTAssertEqual(judges.map { $0["unparseable"]?.intValue }, [1, 0])
        XCTAssertEqual(judges.map { $0["failed"]?.intValue }, [1, 0])
        XCTAssertEqual(judges[0]["mean"]?.numberValue ?? .nan, 11.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(judges[1]["mean"]?.numberValue ?? .nan, 16.0 / 5.0, accuracy: 1e-12)
        for judge in judges {
            let (low, mean, high) = (judge["ciLower"]?.numberValue ?? .nan, judge["mean"]?.numberValue ?? .nan, judge["ciUpper"]?.numberValue ?? .nan)
            XCTAssertTrue(low <= mean && mean <= high && low >= 2 && high <= 5, "\(low) \(mean) \(high)")
        }
        XCTAssertNil(report["rows"], "no agreement with the experts, who rated the shipped answers")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out/judged-answers.md"))

        // The judges saw the answer run's answers, not the shipped ones.
        let prompt = (try? JSONValue(parsing: judgeB.requests[0].body))?["messages"]?[0]?["content"]?.stringValue ?? ""
        XCTAssertTrue(prompt.contains("60 Gy in 30 fractions") && !prompt.contains("50 Gy in 25 fractions"), prompt)
        // Same seed, same intervals: a rerun (from the cache) reports the same numbers.
        let again = await CLIRun.run([
            "bench", "judge", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite", "--prompts", Self.prompts,
            "--answers", answerRun, "--json", "--provider", try JudgeLoopbackTests.provider(judgeB, model: "judge-b", in: dir),
        ])
        XCTAssertEqual(again.status, 0, again.stderr)
        let rerun = try XCTUnwrap(JSONValue(parsing: Data(again.stdout.utf8))["answers"]?[0]?["judges"]?[0])
        XCTAssertEqual(rerun["ciLower"], judges[1]["ciLower"])
        XCTAssertEqual(rerun["ciUpper"], judges[1]["ciUpper"])
        XCTAssertEqual(judgeB.requests.count, 5, "the rerun's judge calls come from the cache")
    }
}

/// Whether a case number is seen for the first time (thread-safe: the server answers on many threads).
private final class SeenCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<Int> = []

    func first(_ number: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return seen.insert(number).inserted
    }
}
