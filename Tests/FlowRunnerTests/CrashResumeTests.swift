import FlowRunner
import Foundation
import Provenance
import Providers
import Support
import XCTest

/// The crash test: a flow of 67 model calls runs in a child process (this test binary,
/// re-run on the child test below) against a real OpenAI-compatible server on loopback, is killed
/// with SIGKILL part-way, and is resumed here. Every call reaches the server exactly once, and the
/// final output equals an uninterrupted run's.
///
/// So that "exactly once" is decidable, the server answers the first 25 requests and then holds
/// every further request unanswered, as if the network had stopped; the child is killed once all
/// 25 answers are committed. The held requests are then closed without an answer: they never
/// reached the model, and the resumed run sends them again. (A request the model had answered
/// but the process had not yet recorded would be paid twice: that window is what "record before
/// use" keeps short, and it cannot be closed from the client side.)
final class CrashResumeTests: XCTestCase {
    static let pathVariable = "CONSILIUM_FLOWRUNNER_CRASH_DB"
    static let runVariable = "CONSILIUM_FLOWRUNNER_CRASH_RUN"
    static let urlVariable = "CONSILIUM_FLOWRUNNER_CRASH_URL"
    static let answeredBeforeKill = 25

    /// 60 genes: every tenth is re-asked once, one stays invalid: 67 calls.
    static let genes: [String] = (0..<60).map { i in i % 10 == 3 ? "REASK\(i)" : i == 42 ? "BAD\(i)" : "G\(i)" }
    static let inputs = TestFlows.genesInputs(genes, expected: ["G0", "G1", "REASK13", "G50"])
    static let totalCalls = 67

    static func runner(_ store: ProvenanceStore, baseURL: URL) throws -> FlowRunner {
        let provider = try OpenAICompatibleProvider(baseURL: baseURL, model: "fake-model", apiKey: nil, maxConcurrency: 8,
                                                    timeout: 120, retry: RetryPolicy(maxAttempts: 1), jitterSeed: 1)
        return FlowRunner(store: store, models: ModelRegistry(default: provider), options: RunOptions(noCache: true))
    }

    /// Child side: runs the flow; the parent kills it while requests are held.
    func testChildRunsTheFlowUntilKilled() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment[Self.pathVariable], let run = environment[Self.runVariable],
              let url = environment[Self.urlVariable].flatMap(URL.init(string:)) else {
            throw XCTSkip("runs only as the child process of testResumeAfterSIGKILL")
        }
        let store = try ProvenanceStore(path: path)
        _ = try await Self.runner(store, baseURL: url).run(try TestFlows.load("genes"), inputs: Self.inputs, runID: RunID(run))
        XCTFail("the parent should have killed this process before the run ended")
    }

    func testResumeAfterSIGKILL() async throws {
        #if !os(Linux)
        throw XCTSkip("the child is started the way swift-corelibs-xctest runs one test (Linux)")
        #else
        let model = try FakeOpenAIModel(delay: 0.005)
        model.holdAfter(Self.answeredBeforeKill)
        let path = try temporaryDirectory(self).appendingPathComponent("crash.sqlite").path
        let store = try ProvenanceStore(path: path)  // created and migrated before the child opens it
        let run = RunID.generate()

        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["FlowRunnerTests.CrashResumeTests/testChildRunsTheFlowUntilKilled"]
        child.environment = ProcessInfo.processInfo.environment.merging(
            [Self.pathVariable: path, Self.runVariable: run.rawValue, Self.urlVariable: model.baseURL.absoluteString],
            uniquingKeysWith: { _, new in new })
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Kill once every answered request is committed (the rest are held at the server).
        let deadline = Date().addingTimeInterval(120)
        var committed = 0
        while child.isRunning, Date() < deadline {
            committed = (try? store.calls(run: run).count) ?? 0
            if committed >= Self.answeredBeforeKill { break }
            usleep(10_000)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertEqual(committed, Self.answeredBeforeKill)
        XCTAssertEqual(model.answeredCount, Self.answeredBeforeKill)
        model.dropHeld()

        // The killed run is still "running"; resume it in this process.
        let before = try store.calls(run: run)
        XCTAssertEqual(try store.run(run)?.status, .running)
        let result = try await Self.runner(store, baseURL: model.baseURL).resume(try TestFlows.load("genes"), runID: run)
        XCTAssertEqual(result.statistics.replayedCalls, Self.answeredBeforeKill)
        XCTAssertEqual(result.statistics.providerCalls, Self.totalCalls - Self.answeredBeforeKill)

        // Every call reached the server exactly once.
        XCTAssertEqual(model.answeredCount, Self.totalCalls)
        XCTAssertEqual(model.answeredBodies.count, Self.totalCalls)
        XCTAssertEqual(model.answeredBodies.values.filter { $0 != 1 }.count, 0, "a request body reached the server twice")
        let after = try store.calls(run: run)
        XCTAssertEqual(after.count, Self.totalCalls)
        XCTAssertEqual(Array(after.prefix(before.count)), before, "calls from before the crash are kept as they were")
        XCTAssertEqual(try store.run(run)?.status, .succeeded)

        // The output equals an uninterrupted run's (another server, another database).
        let reference = try FakeOpenAIModel()
        let referenceStore = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("whole.sqlite").path)
        let whole = try await Self.runner(referenceStore, baseURL: reference.baseURL).run(try TestFlows.load("genes"), inputs: Self.inputs)
        XCTAssertEqual(reference.answeredCount, Self.totalCalls)
        XCTAssertEqual(result.outputsJSON.canonicalText, whole.outputsJSON.canonicalText)
        XCTAssertEqual(result.failures, whole.failures)
        XCTAssertEqual(result.failures.map(\.item), ["42"])
        #endif
    }

    func testResumingWithAnotherFlowFileIsRefused() async throws {
        let model = try FakeOpenAIModel()
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("p.sqlite").path)
        let run = try store.createRun(RunSpec(flowID: "test.chain", flowVersion: "1", flowHash: ContentHash.of("other"),
                                              inputs: ["case": "c", "gene": "TP53"], parameters: [:], consiliumVersion: "test"))
        do {
            _ = try await TestFlows.runner(store: store, model: model).resume(try TestFlows.load("chain"), runID: run.id)
            XCTFail("expected flowChanged")
        } catch let error as FlowRunError {
            guard case .flowChanged = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(model.answeredCount, 0)
    }
}
