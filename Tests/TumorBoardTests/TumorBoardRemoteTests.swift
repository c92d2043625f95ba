import ConsiliumCLI
import Foundation
import Oncology
import Provenance
import Support
import TestSupport
@testable import TumorBoard
import XCTest

/// `tumorboard recommend --provider ... --out DIR` on the 10 Benary cases against a remote endpoint:
/// a real OpenAI-compatible HTTP server on loopback whose "model" proposes, for each retrieved row
/// for a therapy (not resistance) in the prompt, that row's therapy with its tier, row id and citations
/// (a model that follows the evidence exactly). Checked: the files written and their content,
/// every answer parsed and verified, every step and call in the provenance store, and a rerun
/// served from the cache without a request.
final class TumorBoardRemoteTests: XCTestCase {
    /// The answer such a model gives to the flow's prompt (Prompts/tumorboard/options.txt).
    static func answer(to prompt: String) -> String {
        let lines = prompt.split(separator: "\n").map(String.init)
        let caseID = lines.first { $0.hasPrefix("Case ") }.map { String($0.dropFirst(5).prefix { $0 != ":" }) } ?? ""
        var options: [JSONValue] = []
        var seen: Set<String> = []
        for line in lines where line.hasPrefix("- ") {
            let fields = line.dropFirst(2).components(separatedBy: " | ")
            guard fields.count == 8, fields[6] != "resistant", seen.insert(fields[1] + fields[3]).inserted else { continue }
            let citations = fields[7] == "no citation" ? [] : fields[7].components(separatedBy: ", ")
            options.append(.object(["alteration": .string(fields[1]), "drugs": .array(fields[3].components(separatedBy: " + ").map { .string($0) }),
                                    "evidence_tier": .string(fields[4]), "citations": .array(citations.map { .string($0) }),
                                    "kb_rows": [.string(fields[0])]]))
        }
        return JSONValue.object(["case_id": .string(caseID), "options": .array(options), "no_actionable_option": .bool(options.isEmpty),
                                 "alterations_without_option": []]).canonicalText
    }

    static func completion(_ content: String) -> String {
        JSONValue.object([
            "id": "chatcmpl-tb", "object": "chat.completion", "created": 1, "model": "grounded-test-model",
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150],
        ]).canonicalText
    }

    func testTenCasesOnARemoteEndpointWriteParseableFilesRecordEveryStepAndRerunFromTheCache() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            guard let body = try? JSONValue(parsing: request.body), let messages = body["messages"]?.arrayValue,
                  let prompt = messages.last(where: { $0["role"]?.stringValue == "user" })?["content"]?.stringValue else {
                return ReplyStep.json(400, #"{"error":{"message":"unreadable request"}}"#)
            }
            return ReplyStep.json(200, Self.completion(Self.answer(to: prompt)))
        }
        defer { server.stop() }
        let directory = try temporaryDirectory(self)
        let provider = directory.appendingPathComponent("provider.json").path
        try Data("""
            {"kind": "openai", "base_url": "\(server.baseURL.absoluteString)", "model": "grounded-test-model", "api_key_env": null,
             "max_concurrency": 1, "timeout": 30, "retry": {"max_attempts": 2, "base_delay": 0.01, "jitter_seed": 1}}
            """.utf8).write(to: URL(fileURLWithPath: provider))
        let db = directory.appendingPathComponent("tumorboard.sqlite").path
        let cases = try PatientCaseJSON.read(path: TestFiles.resources.benaryCases.path)
        func recommend(_ out: URL) async -> (Int32, String, String) {
            let stdout = StringWriter(), stderr = StringWriter()
            let status = await Consilium.main(
                ["consilium", "tumorboard", "recommend", TestFiles.resources.benaryCases.path, "--provider", provider, "--kb", TestFiles.fixtureKB,
                 "--db", db, "--out", out.path, "--prompts", TestFiles.resources.promptsRoot.path, "--data", TestFiles.resources.dataDirectory.path],
                context: CommandContext(stdout: stdout, stderr: stderr, environment: [:]))
            return (status, stdout.text, stderr.text)
        }

        let out = directory.appendingPathComponent("reports")
        let (status, stdout, stderr) = await recommend(out)
        XCTAssertEqual(status, 0, stderr)
        XCTAssertEqual(server.requests.count, 10, "one model call per case")
        XCTAssertTrue(stdout.contains("wrote \(out.path)/option-rows.json"), stdout)

        // Files: a Markdown and a JSON report per case, and the option rows; all parse.
        var expectedRows: [String] = []
        for patient in cases {
            let markdown = try String(contentsOf: out.appendingPathComponent("\(patient.id).md"), encoding: .utf8)
            XCTAssertTrue(markdown.contains(TumorBoardReport.notice), patient.id)
            let report = try JSONValue(parsing: Data(contentsOf: out.appendingPathComponent("\(patient.id).json")))
            XCTAssertEqual(report["format"]?.stringValue, TumorBoardReport.format)
            XCTAssertEqual(report["case_id"]?.stringValue, patient.id)
            XCTAssertEqual(report["answer"]?["status"]?.stringValue, "verified", "\(patient.id): every answer parses and is verified")
            let options = try XCTUnwrap(report["answer"]?["options"]?.arrayValue, patient.id)
            // Every option follows a retrieved row for its therapy, so each is backed and each citation verified.
            XCTAssertTrue(options.allSatisfy { $0["backing"]?.stringValue == "backed" }, "\(patient.id): \(options)")
            XCTAssertTrue(options.flatMap { $0["citations"]?.arrayValue ?? [] }.allSatisfy { $0["status"]?.stringValue == "verified" })
            XCTAssertEqual(report["answer"]?["no_actionable_option"]?.boolValue, options.isEmpty)
            expectedRows += options.map { o in
                "\(patient.id) \(o["alteration"]?.stringValue ?? "") \((o["drugs"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " and ").lowercased())"
            }
        }
        let rows = try TherapyOptionRowsJSON.read(path: out.appendingPathComponent("option-rows.json").path)
        XCTAssertEqual(rows.map { "\($0.caseID) \($0.alteration) \($0.option)" }, expectedRows)
        XCTAssertTrue(rows.allSatisfy { $0.source == "provider.json" })
        XCTAssertFalse(rows.isEmpty, "the fixture backs some of the Benary alterations")

        // The store: ten runs of the flow, each with its step, its call and the tumor-board artifacts.
        let store = try ProvenanceStore(path: db)
        let runs = try store.runs()
        XCTAssertEqual(runs.count, 10)
        for run in runs {
            XCTAssertEqual(run.flowID, "tumorboard.recommend")
            XCTAssertEqual(run.status, .succeeded)
            XCTAssertEqual(try store.steps(run: run.id).map(\.name), ["options"])
            XCTAssertEqual(try store.calls(run: run.id).count, 1)
            let artifacts = Set(try store.artifacts(run: run.id).map(\.name))
            XCTAssertTrue(artifacts.isSuperset(of: ["inputs", "retrieval", "tumorboard-report", "tumorboard-report.md"]), "\(artifacts)")
        }

        // The rerun: every call from the cache, no request, the same reports.
        let again = directory.appendingPathComponent("again")
        let (rerun, _, rerunErr) = await recommend(again)
        XCTAssertEqual(rerun, 0, rerunErr)
        XCTAssertEqual(server.requests.count, 10, "no new request")
        XCTAssertEqual(rerunErr.components(separatedBy: "1 calls (1 from the cache)").count - 1, 10, rerunErr)
        XCTAssertEqual(try Data(contentsOf: again.appendingPathComponent("option-rows.json")), try Data(contentsOf: out.appendingPathComponent("option-rows.json")))
        XCTAssertEqual(try store.runs().count, 20)
    }
}
