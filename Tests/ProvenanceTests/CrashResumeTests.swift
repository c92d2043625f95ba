import Foundation
import Provenance
import Support
import XCTest

/// A run killed with SIGKILL part-way keeps every call it committed and can be resumed
/// without repeating any. The writer is a child process: this test binary, re-run on the
/// child test below with the database path and run id in its environment.
final class CrashResumeTests: XCTestCase {
    static let pathVariable = "CONSILIUM_PROVENANCE_CRASH_DB"
    static let runVariable = "CONSILIUM_PROVENANCE_CRASH_RUN"
    static let items = (0..<120).map { "gene-\($0)" }

    /// Child side: records one call per item, printing each number once it is committed.
    func testChildWritesCallsUntilKilled() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment[Self.pathVariable], let run = environment[Self.runVariable] else {
            throw XCTSkip("runs only as the child process of testResumeAfterSIGKILL")
        }
        let store = try ProvenanceStore(path: path)
        try store.startStep(run: RunID(run), name: "rank", kind: "map")
        for (i, item) in Self.items.enumerated() {
            try store.recordCall(run: RunID(run), key: CallKey(step: "rank", item: item),
                                 request: Sample.request(item: item), result: Sample.result(item: item))
            FileHandle.standardOutput.write(Data("committed \(i)\n".utf8))
            usleep(3_000)  // slow enough that the parent's kill lands mid-run
        }
        sleep(60)  // the parent kills us before this ends
    }

    func testResumeAfterSIGKILL() throws {
        #if !os(Linux)
        throw XCTSkip("the child is started the way swift-corelibs-xctest runs one test (Linux)")
        #else
        let path = try temporaryStorePath(self)
        let store = try ProvenanceStore(path: path)
        let run = try store.createRun(Sample.spec()).id

        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["ProvenanceTests.CrashResumeTests/testChildWritesCallsUntilKilled"]
        child.environment = ProcessInfo.processInfo.environment.merging(
            [Self.pathVariable: path, Self.runVariable: run.rawValue], uniquingKeysWith: { _, new in new })
        let output = Pipe()
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Wait for 40 commits (or the child's end), then kill it without warning.
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while Self.lastCommitted(text) ?? -1 < 40, child.isRunning, Date() < deadline {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertEqual(child.terminationStatus, SIGKILL)
        let acknowledged = try XCTUnwrap(Self.lastCommitted(text), "child output: \(text.suffix(500))")
        XCTAssertLessThan(acknowledged, Self.items.count - 1, "the child finished before it was killed")

        // Every call the child was told was committed is there, in order, and readable.
        let reopened = try ProvenanceStore(path: path)
        let db = try Database(path: path)
        XCTAssertEqual(try db.prepare("PRAGMA integrity_check").rows { try $0.text(at: 0) }, ["ok"])
        let recorded = try reopened.calls(run: run)
        XCTAssertGreaterThanOrEqual(recorded.count, acknowledged + 1)
        XCTAssertEqual(recorded.map(\.key.item), Array(Self.items.prefix(recorded.count)))

        // The run is still "running"; resume it and record only the missing calls.
        XCTAssertEqual(try reopened.run(run)?.status, .running)
        let point = try reopened.resumeRun(run)
        XCTAssertEqual(point.calls.count, recorded.count)
        for item in Self.items {
            let key = CallKey(step: "rank", item: item)
            if point.calls[key] != nil { continue }
            try reopened.recordCall(run: run, key: key, request: Sample.request(item: item), result: Sample.result(item: item))
        }
        try reopened.finishStep(run: run, name: "rank", .succeeded)
        try reopened.finishRun(run, .succeeded)

        // Each item ran exactly once, and the outputs equal an uninterrupted run's.
        let final = try reopened.calls(run: run)
        XCTAssertEqual(Array(final.prefix(recorded.count)), recorded, "calls from before the crash were kept as they were")
        XCTAssertEqual(final.map(\.key.item), Self.items)
        XCTAssertEqual(final.map(\.result.outcome), Self.items.map { Sample.result(item: $0).outcome })
        XCTAssertThrowsError(try reopened.resumableRun(run)) { error in
            XCTAssertEqual(error as? ProvenanceError, .runNotResumable(run, status: .succeeded))
        }
        #endif
    }

    func testRunStatusTransitions() throws {
        let (store, run) = try Sample.storeWithRun(self)
        try store.recordCall(run: run, key: CallKey(step: "rank", item: "BRCA1"), request: Sample.request(item: "BRCA1"),
                             result: Sample.result(item: "BRCA1"))
        try store.markRunInterrupted(run)
        XCTAssertThrowsError(try store.finishRun(run, .succeeded)) { error in
            XCTAssertEqual(error as? ProvenanceError, .invalidTransition(run, from: .interrupted, to: .succeeded))
        }
        let point = try store.resumableRun(run)
        XCTAssertEqual(point.run.status, .interrupted)  // looking changes nothing
        XCTAssertEqual(Array(point.calls.keys), [CallKey(step: "rank", item: "BRCA1")])
        XCTAssertEqual(point.steps.map(\.status), [.running])
        XCTAssertEqual(try store.resumeRun(run).run.status, .running)
        try store.finishRun(run, .succeeded)
        XCTAssertNotNil(try store.run(run)?.finishedAt)
        XCTAssertThrowsError(try store.resumableRun(RunID("no-such-run"))) { error in
            XCTAssertEqual(error as? ProvenanceError, .runNotFound(RunID("no-such-run")))
        }
    }

    private static func lastCommitted(_ text: String) -> Int? {
        text.split(separator: "\n").compactMap { line in
            line.hasPrefix("committed ") ? Int(line.dropFirst("committed ".count)) : nil
        }.last
    }
}
