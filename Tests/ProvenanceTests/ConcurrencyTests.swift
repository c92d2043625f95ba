import Foundation
import Provenance
import Support
import XCTest

final class ConcurrencyTests: XCTestCase {
    func testTasksSharingOneStore() async throws {
        let (store, run) = try Sample.storeWithRun(self)
        let tasks = 8, callsPerTask = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                group.addTask {
                    for i in 0..<callsPerTask {
                        let item = "t\(t)-\(i)"
                        try store.recordCall(run: run, key: CallKey(step: "rank", item: item),
                                             request: Sample.request(item: item), result: Sample.result(item: item))
                    }
                }
            }
            try await group.waitForAll()
        }
        let calls = try store.calls(run: run)
        XCTAssertEqual(calls.count, tasks * callsPerTask)
        XCTAssertEqual(Set(calls.map(\.number)).count, calls.count)
        XCTAssertEqual(Set(calls.map(\.key.item)).count, calls.count)
    }

    /// Separate connections on one new file, as separate processes would have: they race to
    /// create the schema, then to write; WAL and the busy timeout make them take turns.
    func testSeparateConnectionsOnOneFile() async throws {
        let path = try temporaryStorePath(self)
        let writers = 4, callsPerWriter = 30
        let runs = try await withThrowingTaskGroup(of: RunID.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let store = try ProvenanceStore(path: path)
                    let run = try store.createRun(Sample.spec()).id
                    try store.startStep(run: run, name: "rank", kind: "map")
                    for i in 0..<callsPerWriter {
                        let item = "w\(w)-\(i)"
                        try store.recordCall(run: run, key: CallKey(step: "rank", item: item),
                                             request: Sample.request(item: item), result: Sample.result(item: item))
                    }
                    try store.finishRun(run, .succeeded)
                    return run
                }
            }
            var runs: [RunID] = []
            for try await run in group { runs.append(run) }
            return runs
        }
        let store = try ProvenanceStore(path: path)
        XCTAssertEqual(Set(try store.runs().map(\.id)), Set(runs))
        for run in runs {
            XCTAssertEqual(try store.calls(run: run).count, callsPerWriter)
            XCTAssertEqual(try store.run(run)?.status, .succeeded)
        }
        let db = try Database(path: path)
        XCTAssertEqual(try db.prepare("SELECT count(*) FROM schema_migrations").rows { try $0.int(at: 0) },
                       [ProvenanceStore.schemaVersion])
    }
}
