@testable import ConsiliumCLI
@testable import ExamRunner
import XCTest

/// The progress line: a bar only on a terminal; the rate counts calls the model answered, so
/// cache hits and a resumed run's records do not make the ETA look short.
final class BenchProgressTests: XCTestCase {
    func testLineWithAndWithoutBar() {
        let p = ExamProgress(done: 30, total: 100, asked: 20, transportErrors: 1)
        XCTAssertEqual(BenchProgress.line(p, elapsed: 10, bar: false), "30/100 30%  2.00 calls/s  ETA 0:35  (1 transport error)")
        XCTAssertEqual(BenchProgress.line(p, elapsed: 10, bar: true),
                       "[#######.................] 30/100 30%  2.00 calls/s  ETA 0:35  (1 transport error)")
        let replayed = ExamProgress(done: 50, total: 100, asked: 0, transportErrors: 0)
        XCTAssertEqual(BenchProgress.line(replayed, elapsed: 1, bar: false), "50/100 50%")
        XCTAssertEqual(BenchProgress.clock(3725), "1:02:05")
    }

    func testPlainOutputIsPeriodicAndGoesToStandardError() {
        let stdout = StringWriter(), stderr = StringWriter()
        let progress = BenchProgress(context: CommandContext(stdout: stdout, stderr: stderr, environment: [:]))
        for done in 1...100 { progress.handle(.progress(ExamProgress(done: done, total: 100, asked: done, transportErrors: 0))) }
        XCTAssertEqual(stdout.text, "")
        let lines = stderr.text.split(separator: "\n")
        XCTAssertEqual(lines.count, 11, stderr.text)  // the first call, then every tenth of the run
        XCTAssertTrue(lines.first?.hasPrefix("1/100 1%") ?? false)
        XCTAssertTrue(lines.last?.hasPrefix("100/100 100%") ?? false)
    }
}
