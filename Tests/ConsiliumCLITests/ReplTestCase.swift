@testable import ConsiliumCLI
import Foundation
import Providers
import TestSupport
import XCTest

/// What the REPL's session tests share: a scratch folder with a provenance database per test, and
/// SmolLM2 loaded once for all of them (each test gets its own session, store and run on it).
class ReplTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    var database: String { directory.appendingPathComponent("provenance.sqlite").path }

    var loader: ReplModelLoader {
        ReplModelLoader(threads: 2, context: CommandContext(stdout: StringWriter(), stderr: StringWriter(),
                                                            environment: ProcessInfo.processInfo.environment))
    }

    private static var model: ReplModel?

    func makeSession(system: String? = nil, sampling: Sampling = Sampling(maxTokens: 8)) throws -> ReplSession {
        let path = try TestModels.path(TestModels.smollm2)
        let model = try ReplTestCase.model ?? loader.load(.local(path))
        ReplTestCase.model = model
        let recorder = try ReplRecorder(databasePath: database, model: model, system: system, consiliumVersion: "test")
        return ReplSession(model: model, system: system, sampling: sampling, recorder: recorder)
    }
}
