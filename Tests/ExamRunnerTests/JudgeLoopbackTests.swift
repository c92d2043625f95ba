import ExamRunner
import Exams
import Foundation
import Provenance
import Support
import TestSupport
import XCTest

/// `consilium bench judge` end to end against two OpenAI-compatible judges on loopback
/// (LoopbackHTTPServer) that return fixed ratings: the agreement table equals the hand-computed
/// one of `JudgeFixtures`, every call is in provenance with the rubric prompt and the answer
/// schema, and a second run comes from the cache except the call that failed.
final class JudgeLoopbackTests: XCTestCase {
    /// The five cases of `JudgeFixtures` in the radonc CSV layout (written for this test); each
    /// question starts `CASE <n>:` so the servers can tell them apart.
    static func writeSet(in root: String) throws {
        let header = "Question;Difficulty of the question;Thematic Group of the question;Answer of OpenBioLLM-70B;"
            + "Evaluation (questioner reviewer);Evaluation (second reviewer)"
        let rows = JudgeFixtures.experts.enumerated().map { index, pair in
            "CASE \(index + 1): Which dose for case \(index + 1)?;2,5;Dose;Give 50 Gy in 25 fractions (case \(index + 1)).;\(pair.0);\(pair.1)"
        }
        try FileManager.default.createDirectory(atPath: "\(root)/radonc_realworld_50", withIntermediateDirectories: true)
        try ExamFixtures.write(([header] + rows).joined(separator: "\n") + "\n", to: "\(root)/radonc_realworld_50/questions_answers_evaluations.csv")
    }

    /// A judge endpoint answering case n with `replies[n]`; nil answers HTTP 500.
    static func judge(_ replies: [String?]) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request, _ in
            guard let body = try? JSONValue(parsing: request.body),
                  let prompt = body["messages"]?.arrayValue?.last?["content"]?.stringValue,
                  let range = prompt.range(of: "CASE "),
                  let number = Int(prompt[range.upperBound...].prefix { $0.isNumber }), replies.indices.contains(number - 1) else {
                return ReplyStep.json(400, #"{"error":{"message":"no CASE marker"}}"#)
            }
            guard let content = replies[number - 1] else { return ReplyStep.json(500, #"{"error":{"message":"judge overloaded"}}"#) }
            return ReplyStep.json(200, JSONValue.object([
                "id": "chatcmpl-judge", "object": "chat.completion", "created": 1, "model": "judge",
                "choices": [["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": "stop"]],
                "usage": ["prompt_tokens": 90, "completion_tokens": 12, "total_tokens": 102],
            ]).canonicalText)
        }
    }

    static func provider(_ server: LoopbackHTTPServer, model: String, in directory: String) throws -> String {
        let path = "\(directory)/\(model).json"
        try ExamFixtures.write("""
            {"kind": "openai", "base_url": "\(server.baseURL.absoluteString)", "model": "\(model)", "api_key_env": null,
             "max_concurrency": 2, "timeout": 30, "retry": {"max_attempts": 1}}
            """, to: path)
        return path
    }

    func testPanelOnLoopbackMatchesHandComputedAgreementAndRerunsFromTheCache() async throws {
        let dir = try ExamFixtures.directory(self)
        try Self.writeSet(in: dir)
        let serverA = try Self.judge([
            #"{"rationale": "close", "rating": 4}"#, #"{"rationale": "ok", "rating": 4}"#,
            "```json\n{\"rationale\": \"partial\", \"rating\": 3}\n```", "I cannot rate this.", nil,
        ])
        let serverB = try Self.judge([5, 3, 2, 2, 4].map { #"{"rationale": "r", "rating": \#($0)}"# })
        defer { serverA.stop(); serverB.stop() }
        let db = "\(dir)/prov.sqlite"
        let arguments = ["bench", "judge", "radonc-realworld-50", "--data", dir, "--db", db, "--out", "\(dir)/out",
                         "--provider", try Self.provider(serverA, model: "judge-a", in: dir),
                         "--provider", try Self.provider(serverB, model: "judge-b", in: dir),
                         "--prompts", "\(ExamFixtures.repository)/Prompts", "--json"]
        let first = await CLIRun.run(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        let json = try JSONValue(parsing: Data(first.stdout.utf8))
        let report = try XCTUnwrap(json["rows"]?.arrayValue)
        XCTAssertEqual(report.count, JudgeFixtures.expected.count)
        for (row, want) in zip(report, JudgeFixtures.expected) {
            XCTAssertEqual(row["raterA"]?.stringValue, want.0)
            XCTAssertEqual(row["raterB"]?.stringValue, want.1)
            XCTAssertEqual(row["n"]?.intValue, want.2)
            XCTAssertEqual(row["exactAgreements"]?.intValue, want.3)
            XCTAssertEqual(row["weightedKappa"]?.numberValue ?? .nan, want.4, accuracy: 1e-9)
            XCTAssertEqual(row["ordinalAlpha"]?.numberValue ?? .nan, want.5, accuracy: 1e-9)
        }
        let judges = try XCTUnwrap(json["judges"]?.arrayValue)
        XCTAssertEqual(judges.map { $0["rated"]?.intValue }, [3, 5])
        XCTAssertEqual(judges.map { $0["unparseable"]?.intValue }, [1, 0])
        XCTAssertEqual(judges.map { $0["failed"]?.intValue }, [1, 0])
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out/judge-agreement.md"))

        // Every call is recorded: one run per judge, the rubric prompt, the schema sent.
        let store = try ProvenanceStore(path: db)
        let runA = RunID(try XCTUnwrap(judges[0]["runID"]?.stringValue))
        let calls = try store.calls(run: runA).sorted { $0.key.item < $1.key.item }  // two in flight: any order
        XCTAssertEqual(calls.map(\.key.item), (1...5).map { "radonc-\($0)" })
        XCTAssertEqual(calls.map(\.result.outcome.name), ["text", "text", "text", "text", "failed"])
        let prompt = calls[0].request.messages[0]?["content"]?.stringValue ?? ""
        XCTAssertTrue(prompt.contains("CASE 1: Which dose for case 1?") && prompt.contains("Give 50 Gy in 25 fractions (case 1)."), prompt)
        XCTAssertTrue(prompt.contains("5 = Correct, complete and directly usable"), prompt)
        XCTAssertEqual(calls[0].request.sampling["response_schema"]?["properties"]?["rating"]?["enum"], [1, 2, 3, 4, 5])
        let sent = try JSONValue(parsing: serverA.requests[0].body)
        XCTAssertEqual(sent["response_format"]?["type"]?.stringValue, "json_schema")
        XCTAssertEqual(try store.run(runA)?.status, .failed, "a failed judge call leaves the run failed")
        XCTAssertEqual(serverA.requests.count, 5)
        XCTAssertEqual(serverB.requests.count, 5)

        // Again: everything but the failed call comes from the cache, and the table is the same.
        let second = await CLIRun.run(arguments)
        XCTAssertEqual(second.status, 0, second.stderr)
        let again = try JSONValue(parsing: Data(second.stdout.utf8))
        XCTAssertEqual(again["rows"], json["rows"])
        XCTAssertEqual(serverA.requests.count, 6, "only the failed call is asked again")
        XCTAssertEqual(serverB.requests.count, 5)
        let rerun = RunID(try XCTUnwrap(again["judges"]?[1]?["runID"]?.stringValue))
        XCTAssertEqual(try store.calls(run: rerun).filter(\.cacheHit).count, 5)
    }

    func testAJudgeIsRequired() async {
        let result = await CLIRun.run(["bench", "judge", "radonc-realworld-50"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("give at least one judge"), result.stderr)
    }
}

/// A judge run whose call failed, resumed with `--retry-errors` against a judge that now answers:
/// only that call is asked again (attempt 2), and the run is then complete.
final class JudgeResumeTests: XCTestCase {
    func testResumeRetriesOnlyTheFailedCall() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        // Case 5 fails in the first round (the first five requests), then answers 4.
        let server = try LoopbackHTTPServer { request, index in
            let prompt = (try? JSONValue(parsing: request.body))?["messages"]?[0]?["content"]?.stringValue ?? ""
            if prompt.contains("CASE 5:"), index < 5 { return ReplyStep.json(500, #"{"error":{"message":"judge overloaded"}}"#) }
            return ReplyStep.json(200, JSONValue.object([
                "id": "c", "object": "chat.completion", "created": 1, "model": "judge",
                "choices": [["index": 0, "message": ["role": "assistant", "content": #"{"rationale": "r", "rating": 4}"#], "finish_reason": "stop"]],
            ]).canonicalText)
        }
        defer { server.stop() }
        let db = "\(dir)/prov.sqlite"
        let prompts = "\(ExamFixtures.repository)/Prompts"
        let first = await CLIRun.run(["bench", "judge", "radonc-realworld-50", "--data", dir, "--db", db, "--prompts", prompts,
                                      "--provider", try JudgeLoopbackTests.provider(server, model: "judge-r", in: dir), "--json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let judge = try XCTUnwrap(JSONValue(parsing: Data(first.stdout.utf8))["judges"]?[0])
        XCTAssertEqual(judge["failed"]?.intValue, 1)
        let runID = RunID(try XCTUnwrap(judge["runID"]?.stringValue))
        XCTAssertTrue(first.stderr.contains("consilium bench judge --resume \(runID)"), first.stderr)
        let store = try ProvenanceStore(path: db)
        XCTAssertEqual(try store.run(runID)?.status, .failed)

        let resumed = await CLIRun.run(["bench", "judge", "--resume", runID.rawValue, "--retry-errors", "--db", db, "--prompts", prompts, "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let report = try JSONValue(parsing: Data(resumed.stdout.utf8))
        XCTAssertEqual(report["judges"]?[0]?["rated"]?.intValue, 5)
        XCTAssertEqual(report["judges"]?[0]?["runID"]?.stringValue, runID.rawValue)
        XCTAssertEqual(server.requests.count, 6)
        let calls = try store.calls(run: runID)
        XCTAssertEqual(calls.count, 6)
        XCTAssertEqual(calls.last?.key, CallKey(step: "judge", item: "radonc-5", attempt: 2))
        XCTAssertEqual(try store.run(runID)?.status, .succeeded)
    }

    func testResumeRefusesSettingsThatChangeItsCalls() async {
        let result = await CLIRun.run(["bench", "judge", "--resume", "r1", "--limit", "3"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("keeps its own settings"), result.stderr)
    }
}
