import ExamRunner
import Exams
import Foundation
import XCTest

/// The bench commands' argument errors: each names the argument and why, before anything runs.
final class BenchArgumentTests: XCTestCase {
    func assertFails(_ arguments: [String], _ expected: String, status: Int32 = 2, file: StaticString = #filePath,
                     line: UInt = #line) async {
        let run = await CLIRun.run(arguments)
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(expected), "expected \"\(expected)\" in: \(run.stderr)", file: file, line: line)
        XCTAssertEqual(run.stdout, "", file: file, line: line)
    }

    func testCommandLineErrors() async throws {
        await assertFails(["bench", "run"], "give a set")
        await assertFails(["bench", "run", "--mode", "guess", "pubmedqa-test"], "unknown mode \"guess\"")
        await assertFails(["bench", "run", "--mode", "generate,bogus", "pubmedqa-test"], "unknown mode \"bogus\"")
        await assertFails(["bench", "run", "--tag", "subject", "mmlu-medical-test"], "expected NAME=VALUE")
        await assertFails(["bench", "run", "--limit", "0", "pubmedqa-test"], "--limit")
        await assertFails(["bench", "run", "--repeats", "x", "pubmedqa-test"], "--repeats")
        await assertFails(["bench", "run", "--shuffle-seed", "-3", "pubmedqa-test"], "expected a whole number")
        await assertFails(["bench", "run", "--retry-errors", "pubmedqa-test"], "give --resume RUN")
        await assertFails(["bench", "run", "--resume", "abc", "--model", "x.gguf"], "a resumed run keeps its own settings")
        await assertFails(["bench", "run", "--resume", "abc", "pubmedqa-test"], "a resumed run keeps its own set")
        await assertFails(["bench", "run", "--show-redacted-text", "pubmedqa-test"], "give both")
        await assertFails(["bench", "compare", "a"], "run-b")
        await assertFails(["bench", "compare", "a", "a"], "compare two different runs")
        await assertFails(["bench", "report"], "give at least one run id")
    }

    func testRunErrorsNameTheSetTheRunAndTheModel() async throws {
        let dir = try ExamFixtures.directory(self)
        let db = "\(dir)/prov.sqlite"
        let server = try FakeExamServer()
        let provider = try ExamFixtures.provider(server, in: dir)
        let data = ["--data", ExamFixtures.subsets, "--db", db]

        await assertFails(["bench", "run", "nosuchset.jsonl", "--provider", provider] + data, "nosuchset.jsonl", status: 1)
        await assertFails(["bench", "run", "pubmedqa-test", "--provider", provider, "--mode", "likelihood"] + data,
                          "mode likelihood needs the model's token probabilities, which only local models expose", status: 1)
        await assertFails(["bench", "run", "pubmedqa-test", "--provider", provider, "--mode", "next-token,likelihood"] + data,
                          "fake-exam-model is remote", status: 1)
        await assertFails(["bench", "run", "pubmedqa-test", "--provider", provider, "--shots", "2"] + data,
                          "pubmedqa-test has no solved exemplars", status: 1)
        await assertFails(["bench", "run", "mmlu-medical-test", "--provider", provider, "--tag", "subject=astrology"] + data,
                          "no item with a key matches the filter subject=astrology", status: 1)
        XCTAssertEqual(server.answeredTotal, 0, "no call before the settings are checked")

        let run = await CLIRun.run(["bench", "run", "pubmedqa-test", "--provider", provider, "--limit", "2", "--json"] + data)
        XCTAssertEqual(run.status, 0, run.stderr)
        await assertFails(["bench", "report", "no-such-run", "--db", db], "no-such-run", status: 1)
        await assertFails(["bench", "rescore", "no-such-run", "--db", db], "no-such-run", status: 1)
        await assertFails(["bench", "report", "x", "--db", "\(dir)/missing.sqlite"], "no provenance database", status: 1)
    }
}
