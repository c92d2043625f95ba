import ExamRunner
import Exams
import Foundation
import Provenance
import Support
import TestSupport
import XCTest

/// The three modes end to end on the real SmolLM2 (release build; skipped without the model unless
/// CONSILIUM_REQUIRE_MODELS=1), on a few items of the committed MMLU and PubMedQA subsets with a
/// short reply limit so the suite stays fast. What a 135M model answers is not asserted; that
/// every item gets a recorded, scored outcome, the local identity, the cache and rescoring are,
/// and that likelihood and next-token runs (LocalExamScorer) store and report their numbers.
final class LocalModelRunTests: XCTestCase {
    #if DEBUG
    static let debugBuild = true
    #else
    static let debugBuild = false
    #endif

    func testGenerateOnMMLUAndPubMedQAWithTheRealModel() async throws {
        if Self.debugBuild { throw XCTSkip("runs a model: needs the release build (swift test -c release -Xswiftc -enable-testing)") }
        let model = try TestModels.path(TestModels.smollm2)
        let dir = try ExamFixtures.directory(self)
        let db = "\(dir)/prov.sqlite"
        let common = ["--model", model, "--data", ExamFixtures.subsets, "--db", db, "--max-tokens", "12", "--threads", "2", "--json"]

        let mmlu = await CLIRun.run(["bench", "run", "mmlu-medical-test", "--limit", "3", "--shots", "1", "--shuffle-seed", "5",
                                     "--by", "subject"] + common)
        XCTAssertEqual(mmlu.status, 0, mmlu.stderr)
        let run = try XCTUnwrap(JSONValue(parsing: mmlu.stdout)[0])
        let runID = RunID(try XCTUnwrap(run["runId"]?.stringValue))
        XCTAssertEqual(run["overall"]?["n"]?.intValue, 3)
        XCTAssertEqual(run["overall"]?["transportErrors"]?.intValue, 0)
        XCTAssertEqual(run["calls"]?["asked"]?.intValue, 3)
        XCTAssertEqual(run["shots"]?.intValue, 1)
        XCTAssertEqual(run["mode"]?.stringValue, "generate")

        let store = try ProvenanceStore(path: db)
        let calls = try store.calls(run: runID)
        XCTAssertEqual(calls.count, 3)
        for call in calls {
            XCTAssertEqual(call.request.model.provider, "local")
            XCTAssertEqual(call.request.model.localFile?.sha256.hex.count, 64)
            XCTAssertEqual(call.request.sampling["max_tokens"]?.intValue, 12)
            // The one-shot exemplar comes from the dev split of the same subject, solved.
            let prompt = call.request.messages[0]?["content"]?.stringValue ?? ""
            XCTAssertTrue(prompt.contains("The following are multiple choice questions (with answers) about anatomy"), prompt)
            XCTAssertTrue(prompt.hasSuffix("Answer:"), prompt)
        }
        XCTAssertEqual(try store.run(runID)?.status, .succeeded)

        // The same calls again come from the cache: same table, no generation.
        let again = await CLIRun.run(["bench", "run", "mmlu-medical-test", "--limit", "3", "--shots", "1", "--shuffle-seed", "5",
                                      "--by", "subject"] + common)
        XCTAssertEqual(again.status, 0, again.stderr)
        let cached = try XCTUnwrap(JSONValue(parsing: again.stdout)[0])
        XCTAssertEqual(cached["calls"]?["cacheHits"]?.intValue, 3)
        XCTAssertEqual(cached["overall"], run["overall"])

        let rescore = await CLIRun.run(["bench", "rescore", runID.rawValue, "--db", db, "--json"])
        XCTAssertEqual(rescore.status, 0, rescore.stderr)
        XCTAssertEqual(try JSONValue(parsing: rescore.stdout)[0]?["overall"], run["overall"])

        let pubmed = await CLIRun.run(["bench", "run", "pubmedqa-test", "--limit", "2"] + common)
        XCTAssertEqual(pubmed.status, 0, pubmed.stderr)
        let yesNo = try XCTUnwrap(JSONValue(parsing: pubmed.stdout)[0])
        XCTAssertEqual(yesNo["overall"]?["n"]?.intValue, 2)
        XCTAssertEqual(yesNo["histogram"]?.arrayValue?.map { $0["label"]?.stringValue ?? "" }, ["yes", "no", "maybe"])

        // Modes (a) and (b) through LocalExamScorer: one run each, the numbers stored as the calls' answers.
        let local = await CLIRun.run(["bench", "run", "mmlu-medical-test", "--limit", "3", "--mode", "likelihood,next-token"] + common)
        XCTAssertEqual(local.status, 0, local.stderr)
        let runs = try XCTUnwrap(JSONValue(parsing: local.stdout).arrayValue)
        XCTAssertEqual(runs.map { $0["mode"]?.stringValue ?? "" }, ["likelihood", "next-token"])
        for run in runs { XCTAssertEqual(run["overall"]?["n"]?.intValue, 3) }
        XCTAssertEqual(runs[0]["likelihood"]?["n"]?.intValue, 3)
        XCTAssertNotNil(runs[0]["likelihood"]?["normalizedAccuracy"]?.numberValue)
        let brier = try XCTUnwrap(runs[1]["calibration"]?["brier"]?.numberValue)
        XCTAssertTrue(brier >= 0 && brier <= 2, "multi-class Brier lies in [0, 2], found \(brier)")
        let stored = try store.calls(run: RunID(try XCTUnwrap(runs[0]["runId"]?.stringValue)))
        XCTAssertEqual(stored.count, 3)
        XCTAssertEqual(stored[0].result.outcome.parsed?["likelihoods"]?.arrayValue?.count, 4)
    }
}
