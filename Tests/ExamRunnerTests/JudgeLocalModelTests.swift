import ExamRunner
import Exams
import Foundation
import Provenance
import Support
import TestSupport
import XCTest

/// The real SmolLM2 as a judge on the first two shipped radiation-oncology cases (release build;
/// skipped without the model unless CONSILIUM_REQUIRE_MODELS=1). What a 135M model rates is not
/// asserted; that its schema-constrained replies parse as ratings 1-5 and are recorded with the
/// local identity, and that a rerun comes from the cache, are.
final class JudgeLocalModelTests: XCTestCase {
    #if DEBUG
    static let debugBuild = true
    #else
    static let debugBuild = false
    #endif

    func testSmolLM2JudgesTwoCases() async throws {
        if Self.debugBuild { throw XCTSkip("runs a model: needs the release build (swift test -c release -Xswiftc -enable-testing)") }
        let model = try TestModels.path(TestModels.smollm2)
        let dir = try ExamFixtures.directory(self)
        let db = "\(dir)/prov.sqlite"
        let arguments = ["bench", "judge", "radonc-realworld-50", "--model", model, "--limit", "2", "--data", ExamFixtures.subsets,
                         "--prompts", "\(ExamFixtures.repository)/Prompts", "--db", db, "--threads", "2", "--json"]
        let first = await CLIRun.run(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        let report = try JSONValue(parsing: Data(first.stdout.utf8))
        let judge = try XCTUnwrap(report["judges"]?[0])
        XCTAssertEqual(report["itemCount"]?.intValue, 2)
        XCTAssertEqual(judge["rated"]?.intValue, 2, "schema-constrained replies parse: \(first.stdout)")
        XCTAssertEqual(judge["failed"]?.intValue, 0)

        let store = try ProvenanceStore(path: db)
        let runID = RunID(try XCTUnwrap(judge["runID"]?.stringValue))
        let calls = try store.calls(run: runID)
        XCTAssertEqual(calls.map(\.key.item), ["radonc-1", "radonc-2"])
        for call in calls {
            XCTAssertEqual(call.request.model.provider, "local")
            XCTAssertEqual(call.request.model.localFile?.sha256.hex.count, 64)
            let rating = try JudgeRubric(promptsRoot: URL(fileURLWithPath: "\(ExamFixtures.repository)/Prompts")).verdict(fromReply: call.result.outcome.raw ?? "").rating
            XCTAssertTrue((1...5).contains(rating ?? 0), call.result.outcome.raw ?? "")
        }
        let scores = try store.scores(run: runID).filter { $0.metric == "rating" }
        XCTAssertEqual(scores.count, 2)

        let again = await CLIRun.run(arguments)
        XCTAssertEqual(again.status, 0, again.stderr)
        let rerun = try JSONValue(parsing: Data(again.stdout.utf8))
        XCTAssertEqual(rerun["rows"], report["rows"])
        let rerunID = RunID(try XCTUnwrap(rerun["judges"]?[0]?["runID"]?.stringValue))
        XCTAssertEqual(try store.calls(run: rerunID).filter(\.cacheHit).count, 2)
    }
}
