import ExamRunner
import Exams
import Foundation
import Provenance
import Support
import XCTest

/// `consilium bench run` against a real OpenAI-compatible server on loopback (TestSupport's
/// LoopbackHTTPServer): every call recorded, outcomes per item, a transport error as an outcome
/// and its retry, bad items reported while the rest runs, bounded concurrency in a fixed order.
final class RemoteRunTests: XCTestCase {
    func outcomes(_ csv: String) -> [String: String] {
        var byItem: [String: String] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            byItem[fields[0]] = fields[fields.count - 3]  // ..., outcome, rule, extractor
        }
        return byItem
    }

    func testRunScoresEveryOutcomeReportsBadItemsAndRetriesTheTransportError() async throws {
        let dir = try ExamFixtures.directory(self)
        let questions = "\(dir)/questions.jsonl"
        try ExamFixtures.write(ExamFixtures.questionFile, to: questions)
        let server = try FakeExamServer(failOnce: ["q4"], delay: 0.02)
        let provider = try ExamFixtures.provider(server, in: dir, concurrency: 3)
        let db = "\(dir)/prov.sqlite"

        let first = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--db", db, "--out", "\(dir)/out",
                                      "--by", "domain", "--json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        // The four bad lines, each named with file, line and reason; the eight good items still ran.
        XCTAssertTrue(first.stderr.contains("left out 4 item(s)"), first.stderr)
        XCTAssertTrue(first.stderr.contains("questions.jsonl:3 (item nokey): missing answer"), first.stderr)
        XCTAssertTrue(first.stderr.contains("questions.jsonl:5 (item q1): duplicate id (first at line 1)"), first.stderr)
        XCTAssertTrue(first.stderr.contains("questions.jsonl:7 (item badkey): answer: key E is not among the options A, B"), first.stderr)
        XCTAssertTrue(first.stderr.contains("questions.jsonl:12"), first.stderr)
        XCTAssertTrue(first.stderr.contains("--retry-errors"), first.stderr)

        let json = try JSONValue(parsing: first.stdout)
        let run = try XCTUnwrap(json[0])
        let runID = try XCTUnwrap(run["runId"]?.stringValue)
        XCTAssertEqual(run["overall"]?["n"]?.intValue, 8)
        XCTAssertEqual(run["overall"]?["correct"]?.intValue, 3)  // q1, q2, q8 (q4 failed in transport)
        XCTAssertEqual(run["overall"]?["transportErrors"]?.intValue, 1)
        XCTAssertEqual(run["overall"]?["unparseable"]?.intValue, 1)
        XCTAssertEqual(run["overall"]?["empty"]?.intValue, 1)
        XCTAssertEqual(run["overall"]?["refusals"]?.intValue, 1)
        XCTAssertEqual(run["calls"]?["asked"]?.intValue, 8)
        XCTAssertEqual(run["byTag"]?.arrayValue?.map { $0["group"]?.stringValue ?? "" }, ["anatomy", "immunology", "nutrition", "physiology"])
        XCTAssertLessThanOrEqual(server.maxConcurrent, 3)

        let items = try String(contentsOfFile: "\(dir)/out/items-\(runID).csv", encoding: .utf8)
        XCTAssertEqual(outcomes(items), ["q1": "correct", "q2": "correct", "q3": "wrong", "q4": "transport-error",
                                         "q5": "unparseable", "q6": "empty", "q7": "refusal", "q8": "correct"])
        // Rows in the set's order whatever order the concurrent calls finished in.
        XCTAssertEqual(items.split(separator: "\n").dropFirst().map { String($0.prefix(2)) }, ExamFixtures.goodItems)
        for name in ["report.md", "report.csv", "report.json", "report.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out/\(name)"), name)
        }
        let store = try ProvenanceStore(path: db)
        XCTAssertEqual(try store.run(RunID(runID))?.status, .failed, "transport errors leave the run resumable")
        XCTAssertEqual(try store.calls(run: RunID(runID)).count, 8)

        // Only the failed item is asked again; its call gets attempt 2 beside the recorded failure.
        let retry = await CLIRun.run(["bench", "run", "--resume", runID, "--retry-errors", "--db", db, "--json"])
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertEqual(server.askedCounts["q4"], 2)
        XCTAssertEqual(server.answeredTotal, 9)
        let after = try XCTUnwrap(JSONValue(parsing: retry.stdout)[0])
        XCTAssertEqual(after["overall"]?["correct"]?.intValue, 4)
        XCTAssertEqual(after["overall"]?["transportErrors"]?.intValue, 0)
        XCTAssertEqual(after["calls"]?["asked"]?.intValue, 1)
        XCTAssertEqual(after["calls"]?["retried"]?.intValue, 1)
        XCTAssertEqual(after["calls"]?["replayed"]?.intValue, 7)
        let calls = try store.calls(run: RunID(runID))
        XCTAssertEqual(calls.count, 9)
        XCTAssertEqual(calls.filter { $0.key.item == "q4" }.map(\.key.attempt), [1, 2])
        XCTAssertEqual(try store.run(RunID(runID))?.status, .succeeded)
        let itemScores = try store.scores(run: RunID(runID)).filter { $0.metric == "correct" }
        XCTAssertEqual(itemScores.count, 8, "one score row per item, however often it was scored")

        // The run records what it asked, and the set by sha256.
        let parameters = try XCTUnwrap(store.run(RunID(runID))?.parameters)
        XCTAssertEqual(parameters["settings"]?["mode"]?.stringValue, "generate")
        XCTAssertEqual(parameters["settings"]?["promptVersion"]?.stringValue, ExamPrompt.version)
        XCTAssertEqual(parameters["extractorVersion"]?.stringValue, AnswerExtractor.currentVersion)
        XCTAssertEqual(parameters["datasetSha256"]?.stringValue?.count, 64)
        XCTAssertEqual(parameters["model"]?["model"]?.stringValue, "fake-exam-model")

        // Rescoring reads the stored replies again: no request reaches the server.
        let rescore = await CLIRun.run(["bench", "rescore", runID, "--db", db, "--json"])
        XCTAssertEqual(rescore.status, 0, rescore.stderr)
        XCTAssertEqual(try JSONValue(parsing: rescore.stdout)[0]?["overall"]?["correct"]?.intValue, 4)
        XCTAssertTrue(rescore.stderr.contains("0 of 8 item outcomes changed"), rescore.stderr)
        XCTAssertEqual(server.answeredTotal, 9)

        // A second run of the same calls is answered from the store's cache.
        let again = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--db", db, "--json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let cached = try XCTUnwrap(JSONValue(parsing: again.stdout)[0])
        XCTAssertEqual(cached["calls"]?["cacheHits"]?.intValue, 8)
        XCTAssertEqual(cached["overall"]?["correct"]?.intValue, 4)
        XCTAssertEqual(server.answeredTotal, 9)

        // Two runs of the same set compare pairwise; identical answers differ by nothing.
        let secondID = try XCTUnwrap(cached["runId"]?.stringValue)
        let compare = await CLIRun.run(["bench", "compare", runID, secondID, "--db", db, "--json"])
        XCTAssertEqual(compare.status, 0, compare.stderr)
        let comparison = try JSONValue(parsing: compare.stdout)
        XCTAssertEqual(comparison["overall"]?["difference"]?.numberValue, 0)
        XCTAssertEqual(comparison["overall"]?["mcnemar"]?["p"]?.numberValue, 1)

        let report = await CLIRun.run(["bench", "report", runID, secondID, "--db", db, "--html", "\(dir)/r.html"])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertTrue(report.stdout.contains("| all | 8 | 50.0% |"), report.stdout)
        XCTAssertTrue(try String(contentsOfFile: "\(dir)/r.html", encoding: .utf8).contains("<svg"))
    }

    /// Mode (b) on an OpenAI-compatible endpoint: one greedy token with its top log-probabilities,
    /// summed per label over spellings; no label among them scores as unparseable.
    func testNextTokenRunReadsTheEndpointsTopLogprobs() async throws {
        let dir = try ExamFixtures.directory(self)
        let questions = "\(dir)/questions.jsonl"
        try ExamFixtures.write(ExamFixtures.questionFile, to: questions)
        let server = try FakeExamServer()
        let provider = try ExamFixtures.provider(server, in: dir)
        let db = "\(dir)/prov.sqlite"

        let run = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--mode", "next-token", "--db", db,
                                    "--out", "\(dir)/out", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONValue(parsing: run.stdout)[0])
        XCTAssertEqual(json["mode"]?.stringValue, "next-token")
        XCTAssertEqual(json["overall"]?["n"]?.intValue, 8)
        // q1 B (right), q2 C (wrong, key A), q3 no letter (unparseable), q4-q8 A: right only for q5.
        XCTAssertEqual(json["overall"]?["correct"]?.intValue, 2)
        XCTAssertEqual(json["overall"]?["unparseable"]?.intValue, 1)
        let runID = try XCTUnwrap(json["runId"]?.stringValue)
        let items = try String(contentsOfFile: "\(dir)/out/items-\(runID).csv", encoding: .utf8)
        XCTAssertEqual(outcomes(items)["q1"], "correct")
        XCTAssertEqual(outcomes(items)["q2"], "wrong")
        XCTAssertEqual(outcomes(items)["q3"], "unparseable")

        // What was sent and what was stored: one token, top 20; q1's B is log(e^-0.3 + e^-1.8).
        let body = try JSONValue(parsing: XCTUnwrap(server.server.requests.first).bodyText)
        XCTAssertEqual(body["logprobs"], true)
        XCTAssertEqual(body["top_logprobs"], 20)
        XCTAssertEqual(body["max_tokens"], 1)
        let store = try ProvenanceStore(path: db)
        let q1 = try XCTUnwrap(store.calls(run: RunID(runID)).first { $0.key.item == "q1" })
        let letters = try XCTUnwrap(q1.result.outcome.parsed?["letterLogProbabilities"])
        XCTAssertEqual(letters["B"]?.numberValue ?? 0, log(exp(-0.3) + exp(-1.8)), accuracy: 1e-12)
        XCTAssertEqual(letters["A"]?.numberValue ?? 0, -2.0, accuracy: 1e-12)
        XCTAssertEqual(letters["C"], .null, "a label outside the top list has probability 0")
        XCTAssertEqual(q1.request.sampling["top_logprobs"], 20)
    }

    /// A server that ignores the request for log-probabilities: each item is a failed call naming
    /// why, kept for --retry-errors, and the run is left resumable rather than scored as answers.
    func testNextTokenRunOnAServerWithoutLogprobsFailsEachCallClearly() async throws {
        let dir = try ExamFixtures.directory(self)
        let questions = "\(dir)/questions.jsonl"
        try ExamFixtures.write(ExamFixtures.questionFile, to: questions)
        let server = try FakeExamServer(ignoreLogprobs: true)
        let provider = try ExamFixtures.provider(server, in: dir)
        let db = "\(dir)/prov.sqlite"

        let run = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--mode", "next-token", "--db", db, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONValue(parsing: run.stdout)[0])
        XCTAssertEqual(json["overall"]?["transportErrors"]?.intValue, 8)
        XCTAssertEqual(json["overall"]?["correct"]?.intValue, 0)
        let runID = try XCTUnwrap(json["runId"]?.stringValue)
        let store = try ProvenanceStore(path: db)
        let calls = try store.calls(run: RunID(runID))
        XCTAssertEqual(calls.count, 8)
        // Seven replies had text but no log-probabilities; q6's empty reply fails in the provider itself.
        let errors = Dictionary(uniqueKeysWithValues: calls.map { ($0.key.item, $0.result.outcome.error ?? "") })
        XCTAssertEqual(errors.values.filter { $0 == "the endpoint returned no log-probabilities for the first token" }.count, 7)
        XCTAssertTrue(errors["q6"]?.contains("the reply holds no answer text") ?? false, errors["q6"] ?? "")
        XCTAssertEqual(try store.run(RunID(runID))?.status, .failed, "left resumable with --retry-errors")
    }

    func testShuffledRepeatedRunVotesInOriginalLabels() async throws {
        let dir = try ExamFixtures.directory(self)
        let questions = "\(dir)/questions.jsonl"
        try ExamFixtures.write(ExamFixtures.questionFile, to: questions)
        // The server always says "Answer: A": with shuffled options, A holds another text per item.
        let server = try FakeExamServer(replies: [:])
        let provider = try ExamFixtures.provider(server, in: dir)
        let db = "\(dir)/prov.sqlite"
        let run = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--db", db, "--repeats", "3",
                                    "--shuffle-seed", "11", "--temperature", "0.7", "--limit", "4", "--out", "\(dir)/out", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONValue(parsing: run.stdout)[0])
        XCTAssertEqual(json["overall"]?["n"]?.intValue, 4)
        XCTAssertEqual(json["calls"]?["asked"]?.intValue, 12, "4 items x 3 repeats")
        XCTAssertEqual(json["repeats"]?.intValue, 3)
        XCTAssertEqual(json["shuffleSeed"]?.stringValue, "11")
        // The predicted label is restated in the original item: the original label of the text shown as A.
        let dataset = try GenericAdapter.load(path: questions, name: "questions", redactText: false).dataset
        let shuffle = OptionShuffle(seed: 11)
        let items = try String(contentsOfFile: "\(dir)/out/items-\(json["runId"]?.stringValue ?? "").csv", encoding: .utf8)
        for line in items.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let item = try XCTUnwrap(dataset.items.first { $0.id == fields[0] })
            XCTAssertEqual(fields[3], shuffle.apply(to: item).originalLabel("A"), "item \(item.id)")
        }
        let store = try ProvenanceStore(path: db)
        let keys = try store.calls(run: RunID(json["runId"]?.stringValue ?? "")).map(\.key.item)
        XCTAssertEqual(Set(keys), ["q1", "q1@2", "q1@3", "q2", "q2@2", "q2@3", "q3", "q3@2", "q3@3", "q4", "q4@2", "q4@3"])
    }

    func testTagFilterAndLimitChooseItemsInTheSetsOrder() async throws {
        let dir = try ExamFixtures.directory(self)
        let questions = "\(dir)/questions.jsonl"
        try ExamFixtures.write(ExamFixtures.questionFile, to: questions)
        let server = try FakeExamServer()
        let provider = try ExamFixtures.provider(server, in: dir)
        let run = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--db", "\(dir)/prov.sqlite",
                                    "--tag", "domain=physiology", "--limit", "3", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try JSONValue(parsing: run.stdout)[0]?["overall"]?["n"]?.intValue, 3)
        XCTAssertEqual(Set(server.askedCounts.keys), ["q1", "q3", "q4"], "the first three physiology items")
    }

    func testRedactedSetKeepsItsTextOutOfReports() async throws {
        let dir = try ExamFixtures.directory(self)
        let questions = "\(dir)/txit.jsonl"
        try ExamFixtures.write(ExamFixtures.questionFile, to: questions)
        let server = try FakeExamServer()
        let provider = try ExamFixtures.provider(server, in: dir)
        let run = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--db", "\(dir)/prov.sqlite",
                                    "--redact-text", "--item-text", "--limit", "2", "--out", "\(dir)/out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        for file in try FileManager.default.contentsOfDirectory(atPath: "\(dir)/out") {
            let text = try String(contentsOfFile: "\(dir)/out/\(file)", encoding: .utf8)
            XCTAssertFalse(text.contains("insulin"), "\(file) prints item text of a redacted set")
        }
        XCTAssertFalse(run.stdout.contains("insulin"))
        let shown = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--db", "\(dir)/prov.sqlite",
                                      "--redact-text", "--item-text", "--show-redacted-text", "--limit", "2", "--out", "\(dir)/shown"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let items = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/shown").filter { $0.hasPrefix("items-") }
        XCTAssertTrue(try String(contentsOfFile: "\(dir)/shown/\(items[0])", encoding: .utf8).contains("insulin"))
    }
}
