import ExamRunner
import Foundation
import Provenance
import Support
import XCTest

/// The resume test: `consilium bench run` runs in a child process (this test binary,
/// re-run on the child test below, as FlowRunnerTests' crash test does), is killed with SIGKILL
/// after three answers are committed, and `--resume` finishes it here. The final table equals an
/// uninterrupted run's, every item was asked exactly once, and no item has two rows.
///
/// So that "exactly once" is decidable, the server answers three requests and then holds the
/// rest unanswered; they are closed without an answer after the kill (they never reached the model).
final class ResumeAfterKillTests: XCTestCase {
    static let dbVariable = "CONSILIUM_EXAMRUNNER_KILL_DB"
    static let questionsVariable = "CONSILIUM_EXAMRUNNER_KILL_QUESTIONS"
    static let providerVariable = "CONSILIUM_EXAMRUNNER_KILL_PROVIDER"
    static let answeredBeforeKill = 3

    /// Child side: runs the bench; the parent kills it while requests are held.
    func testChildRunsUntilKilled() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let db = environment[Self.dbVariable], let questions = environment[Self.questionsVariable],
              let provider = environment[Self.providerVariable] else {
            throw XCTSkip("runs only as the child process of testResumeAfterSIGKILLGivesTheUninterruptedTable")
        }
        _ = await CLIRun.run(["bench", "run", questions, "--provider", provider, "--db", db])
        XCTFail("the parent should have killed this process before the run ended")
    }

    func testResumeAfterSIGKILLGivesTheUninterruptedTable() async throws {
        #if !os(Linux)
        throw XCTSkip("the child is started the way swift-corelibs-xctest runs one test (Linux)")
        #else
        let dir = try ExamFixtures.directory(self)
        let questions = "\(dir)/questions.jsonl"
        try ExamFixtures.write(ExamFixtures.questionFile, to: questions)

        // The uninterrupted reference, on its own server and database.
        let reference = try FakeExamServer()
        let referenceRun = await CLIRun.run(["bench", "run", questions, "--provider", try ExamFixtures.provider(reference, in: dir),
                                             "--db", "\(dir)/reference.sqlite", "--json"])
        XCTAssertEqual(referenceRun.status, 0, referenceRun.stderr)
        let expected = try XCTUnwrap(JSONValue(parsing: referenceRun.stdout)[0])

        let server = try FakeExamServer()
        server.holdAfter(Self.answeredBeforeKill)
        let killDir = "\(dir)/kill"
        try FileManager.default.createDirectory(atPath: killDir, withIntermediateDirectories: true)
        let provider = try ExamFixtures.provider(server, in: killDir, concurrency: 1)
        let db = "\(dir)/killed.sqlite"
        let store = try ProvenanceStore(path: db)  // created and migrated before the child opens it

        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["ExamRunnerTests.ResumeAfterKillTests/testChildRunsUntilKilled"]
        child.environment = ProcessInfo.processInfo.environment.merging(
            [Self.dbVariable: db, Self.questionsVariable: questions, Self.providerVariable: provider], uniquingKeysWith: { _, new in new })
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        let deadline = Date().addingTimeInterval(120)
        var runID: RunID?
        var committed = 0
        while child.isRunning, Date() < deadline {
            runID = runID ?? (try? store.runs())?.first?.id
            if let runID { committed = (try? store.calls(run: runID).count) ?? 0 }
            if committed >= Self.answeredBeforeKill { break }
            usleep(10_000)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        server.dropHeld()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertEqual(committed, Self.answeredBeforeKill)
        let id = try XCTUnwrap(runID)
        XCTAssertEqual(try store.run(id)?.status, .running, "a killed process leaves its run running")

        let resumed = await CLIRun.run(["bench", "run", "--resume", id.rawValue, "--db", db, "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let json = try XCTUnwrap(JSONValue(parsing: resumed.stdout)[0])
        XCTAssertEqual(json["calls"]?["replayed"]?.intValue, Self.answeredBeforeKill)
        XCTAssertEqual(json["calls"]?["asked"]?.intValue, 8 - Self.answeredBeforeKill)
        for field in ["overall", "byTag", "histogram", "datasetSha256"] {
            XCTAssertEqual(json[field], expected[field], field)
        }
        XCTAssertEqual(server.askedCounts, Dictionary(uniqueKeysWithValues: ExamFixtures.goodItems.map { ($0, 1) }),
                       "every item reached the model exactly once")
        XCTAssertEqual(try store.calls(run: id).count, 8)
        XCTAssertEqual(try store.scores(run: id).filter { $0.metric == "correct" }.map(\.item).sorted(), ExamFixtures.goodItems)
        XCTAssertEqual(try store.run(id)?.status, .succeeded)
        #endif
    }
}
