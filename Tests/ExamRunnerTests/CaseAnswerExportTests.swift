import ExamRunner
import Exams
import Foundation
import Provenance
import Ratings
import Support
import TestSupport
import XCTest

/// `bench cases export --answers RUN`: a model's answer run (made here by `bench cases answer`
/// against a loopback endpoint) is a source of the blinded sheet beside the set's shipped answer;
/// items a source did not answer are left out and named; a run of another set is refused.
final class CaseAnswerExportTests: XCTestCase {
    static func answerRun(_ dir: String, replies: [String]) async throws -> RunID {
        let server = try CaseAnswerLoopbackTests.answerer(replies)
        defer { server.stop() }
        let provider = try JudgeLoopbackTests.provider(server, model: "answerer", in: dir)
        let run = await CLIRun.run(["bench", "cases", "answer", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite",
                                    "--provider", provider, "--prompts", CaseAnswerLoopbackTests.prompts, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        return RunID(try XCTUnwrap(JSONValue(parsing: Data(run.stdout.utf8))["runs"]?[0]?["runID"]?.stringValue))
    }

    /// Writes `NAME-sheet.csv` and `NAME-key.json` (an export never overwrites a sheet or key).
    func export(_ dir: String, _ name: String, _ extra: [String]) async -> CLIRun {
        await CLIRun.run(["bench", "cases", "export", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite",
                          "--rubric", "case-answer", "--sheet", "\(dir)/\(name)-sheet.csv", "--key", "\(dir)/\(name)-key.json", "--seed", "3",
                          "--prompts", CaseAnswerLoopbackTests.prompts] + extra)
    }

    func testAnAnswerRunIsASourceBesideTheShippedAnswer() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        var replies = CaseAnswerLoopbackTests.replies
        replies[3] = ""  // case 4 gets an empty answer: nothing to rate from this source
        let runID = try await Self.answerRun(dir, replies: replies)

        let both = await export(dir, "both", ["--answers", runID.rawValue])
        XCTAssertEqual(both.status, 0, both.stderr)
        let key = try BlindingKey.read(path: "\(dir)/both-key.json")
        XCTAssertEqual(Set(key.sources), [CaseAnswerRatings.shippedSource, "answerer"])
        XCTAssertEqual(key.caseIDs, ["radonc-1", "radonc-2", "radonc-3", "radonc-5"])
        XCTAssertTrue(both.stderr.contains("1 items left out because a source did not answer them: radonc-4 (no answer from answerer)"), both.stderr)
        let (records, damage) = CSVReader.read(try String(contentsOfFile: "\(dir)/both-sheet.csv", encoding: .utf8))
        XCTAssertNil(damage)
        let answerColumn = try XCTUnwrap(records[0].fields.firstIndex(of: "answer"))
        let shown = records.dropFirst().filter { $0.fields[0].hasPrefix("radonc-2/") }.map { $0.fields[answerColumn] }
        XCTAssertEqual(Set(shown), [CaseAnswerLoopbackTests.replies[1], "Give 50 Gy in 25 fractions (case 2)."],
                       "case 2 shows both answers, under neutral labels")
        for item in key.items where item.caseID == "radonc-2" {
            let row = try XCTUnwrap(records.first { $0.fields[0] == item.id })
            XCTAssertEqual(row.fields[answerColumn], item.source == "answerer" ? CaseAnswerLoopbackTests.replies[1] : "Give 50 Gy in 25 fractions (case 2).")
        }

        let modelOnly = await export(dir, "model", ["--answers", runID.rawValue, "--sources", "answerer"])
        XCTAssertEqual(modelOnly.status, 0, modelOnly.stderr)
        XCTAssertEqual(try BlindingKey.read(path: "\(dir)/model-key.json").sources, ["answerer"])

        let unknown = await export(dir, "unknown", ["--sources", "answerer"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("source \"answerer\" is not available for radonc-realworld-50; available: shipped answer"), unknown.stderr)
    }

    func testARunOfAnotherSetIsRefused() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        let runID = try await Self.answerRun(dir, replies: CaseAnswerLoopbackTests.replies)
        // The set changes on disk after the run answered it: its answers no longer belong to these questions.
        let file = "\(dir)/radonc_realworld_50/questions_answers_evaluations.csv"
        try ExamFixtures.write(try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "case 3?", with: "case three?"), to: file)
        let run = await export(dir, "changed", ["--answers", runID.rawValue])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("answer run \(runID) answered a set with sha256"), run.stderr)
        XCTAssertTrue(run.stderr.contains("rate it against the set it answered"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/changed-sheet.csv"), "nothing written")
    }
}

/// `bench judge --rubric case-answer`: judges rate model answers on the rubric's four dimensions,
/// each stored as its own score and reported with its own mean; the shipped answers, which the
/// experts rated on one 1-5 scale, are refused on this rubric.
final class RubricJudgeLoopbackTests: XCTestCase {
    func testJudgesRateEveryDimensionOfTheRubric() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        let answerRun = try await CaseAnswerExportTests.answerRun(dir, replies: CaseAnswerLoopbackTests.replies)
        // Correctness 4, 3, 2, 1 then an off-scale 5 (unparseable); the other dimensions fixed.
        let judge = try JudgeLoopbackTests.judge([4, 3, 2, 1, 5].map {
            #"{"rationale": "r", "correctness": \#($0), "comprehensiveness": 2, "novelty": 0, "hallucination": 1}"#
        })
        defer { judge.stop() }
        let provider = try JudgeLoopbackTests.provider(judge, model: "judge-r", in: dir)
        let base = ["bench", "judge", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite",
                    "--prompts", CaseAnswerLoopbackTests.prompts, "--rubric", "case-answer", "--provider", provider]

        let shipped = await CLIRun.run(base)
        XCTAssertNotEqual(shipped.status, 0)
        XCTAssertTrue(shipped.stderr.contains("judge rubric case-answer rates correctness, comprehensiveness, novelty, hallucination"), shipped.stderr)
        XCTAssertTrue(judge.requests.isEmpty, "refused before any call")

        let run = await CLIRun.run(base + ["--answers", answerRun.rawValue, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try JSONValue(parsing: Data(run.stdout.utf8))
        XCTAssertEqual(report["dimensions"], ["correctness", "comprehensiveness", "novelty", "hallucination"])
        let rows = try XCTUnwrap(report["answers"]?[0]?["judges"]?.arrayValue)
        XCTAssertEqual(rows.map { $0["dimension"]?.stringValue }, ["correctness", "comprehensiveness", "novelty", "hallucination"])
        XCTAssertEqual(rows[0]["rated"]?.intValue, 4)
        XCTAssertEqual(rows[0]["unparseable"]?.intValue, 1)
        XCTAssertEqual(rows[0]["mean"]?.numberValue, 2.5)
        XCTAssertEqual(rows[3]["mean"]?.numberValue, 1)
        let prompt = try XCTUnwrap(JSONValue(parsing: judge.requests[0].body)["messages"]?.arrayValue?.last?["content"]?.stringValue)
        XCTAssertTrue(prompt.contains("novelty (0-2): "), prompt)

        let store = try ProvenanceStore(path: "\(dir)/prov.sqlite")
        let judgeRun = try XCTUnwrap(try store.runs().first { $0.flowID == CaseJudgeRunner.flowID })
        let scores = try store.scores(run: judgeRun.id)
        XCTAssertEqual(Set(scores.map(\.metric)), ["correctness", "comprehensiveness", "novelty", "hallucination"])
        XCTAssertEqual(scores.first { $0.metric == "correctness" && $0.item == "radonc-2" }?.value, 3)
        XCTAssertEqual(scores.count, 16, "four items rated on four dimensions")
    }
}

/// Bad references on the new options: an answer run that does not exist, a run that is not an
/// answer run, a judge rubric with no file: each refused with what was wrong, nothing written.
final class CaseAnswerBadInputTests: XCTestCase {
    func testUnknownAnswerRunAndUnknownRubricAreNamed() async throws {
        let dir = try ExamFixtures.directory(self)
        try JudgeLoopbackTests.writeSet(in: dir)
        _ = try await CaseAnswerExportTests.answerRun(dir, replies: CaseAnswerLoopbackTests.replies)
        let export = ["bench", "cases", "export", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite",
                      "--sheet", "\(dir)/s.csv", "--key", "\(dir)/k.json", "--prompts", CaseAnswerLoopbackTests.prompts]

        let missing = await CLIRun.run(export + ["--answers", "no-such-run"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("no-such-run"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/s.csv"))

        // A judge run is a run, but not an answer run.
        let store = try ProvenanceStore(path: "\(dir)/prov.sqlite")
        try store.createRun(RunSpec(id: RunID("judge-run"), flowID: CaseJudgeRunner.flowID, flowVersion: "v", flowHash: ContentHash.of("x"),
                                    inputs: [:], parameters: [:], consiliumVersion: "test"))
        let wrongKind = await CLIRun.run(export + ["--answers", "judge-run"])
        XCTAssertNotEqual(wrongKind.status, 0)
        XCTAssertTrue(wrongKind.stderr.contains("run judge-run is a consilium.case-judge run, not a case-answer run"), wrongKind.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/s.csv"))

        let rubric = await CLIRun.run(["bench", "judge", "radonc-realworld-50", "--data", dir, "--db", "\(dir)/prov.sqlite",
                                       "--prompts", CaseAnswerLoopbackTests.prompts, "--rubric", "no-such-rubric", "--model", "\(dir)/absent.gguf"])
        XCTAssertNotEqual(rubric.status, 0)
        XCTAssertTrue(rubric.stderr.contains("judges/no-such-rubric.txt: cannot read the judge rubric"), "read before the model: \(rubric.stderr)")
    }
}
