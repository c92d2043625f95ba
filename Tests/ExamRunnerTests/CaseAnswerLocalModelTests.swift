import ExamRunner
import Exams
import Foundation
import Provenance
import Support
import TestSupport
import XCTest

/// The real SmolLM2 answering the first two shipped radiation-oncology questions (release build;
/// skipped without the model unless CONSILIUM_REQUIRE_MODELS=1). The content of a 135M model's
/// answers is not asserted; that they are non-empty free text within the token limit, recorded
/// with the local identity and greedy sampling, and that a rerun comes from the cache, are.
final class CaseAnswerLocalModelTests: XCTestCase {
    #if DEBUG
    static let debugBuild = true
    #else
    static let debugBuild = false
    #endif

    func testSmolLM2AnswersTwoRadOncQuestions() async throws {
        if Self.debugBuild { throw XCTSkip("runs a model: needs the release build (swift test -c release -Xswiftc -enable-testing)") }
        let model = try TestModels.path(TestModels.smollm2)
        let dir = try ExamFixtures.directory(self)
        let db = "\(dir)/prov.sqlite"
        let arguments = ["bench", "cases", "answer", "radonc-realworld-50", "--model", model, "--limit", "2", "--max-tokens", "48",
                         "--data", ExamFixtures.subsets, "--prompts", "\(ExamFixtures.repository)/Prompts", "--db", db,
                         "--threads", "2", "--json"]
        let first = await CLIRun.run(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        let row = try XCTUnwrap(JSONValue(parsing: Data(first.stdout.utf8))["runs"]?[0])
        XCTAssertEqual(row["items"]?.intValue, 2)
        XCTAssertEqual(row["answers"]?.intValue, 2)
        XCTAssertEqual(row["failed"]?.intValue, 0)

        let store = try ProvenanceStore(path: db)
        let runID = RunID(try XCTUnwrap(row["runID"]?.stringValue))
        let answers = try CaseAnswerRun.read(runID, store: store)
        XCTAssertEqual(answers.itemIDs, ["radonc-1", "radonc-2"])
        for id in answers.itemIDs {
            let text = try XCTUnwrap(answers.answers[id])
            XCTAssertFalse(text.allSatisfy(\.isWhitespace), "\(id): an answer, not an empty reply")
        }
        let calls = try store.calls(run: runID)
        for call in calls {
            XCTAssertEqual(call.request.model.provider, "local")
            XCTAssertEqual(call.request.model.localFile?.sha256.hex.count, 64)
            XCTAssertEqual(call.request.sampling["temperature"]?.numberValue, 0)
            XCTAssertLessThanOrEqual(call.result.completionTokens ?? .max, 48)
        }
        XCTAssertEqual(try store.run(runID)?.status, .succeeded)

        let again = await CLIRun.run(arguments)
        XCTAssertEqual(again.status, 0, again.stderr)
        let rerunID = RunID(try XCTUnwrap(JSONValue(parsing: Data(again.stdout.utf8))["runs"]?[0]?["runID"]?.stringValue))
        XCTAssertEqual(try store.calls(run: rerunID).filter(\.cacheHit).count, 2)
        XCTAssertEqual(try CaseAnswerRun.read(rerunID, store: store).answers, answers.answers, "greedy answers, served from the cache")
    }
}
