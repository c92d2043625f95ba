import Foundation
import XCTest
@testable import Exams

/// Where the test data lives: the committed subsets (Benchmarks/exams, cut by
/// Benchmarks/exams/make_subsets.py from the shared copies) and the full shared copies.
enum TestData {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let subsets = ExamRegistry(root: "\(repository)/Benchmarks/exams", layout: .subset)
    static let sharedRoot = "/work/shared/data/exams"

    /// The full copies, or a skip (not a failure) on machines without them.
    static func shared() throws -> ExamRegistry {
        guard FileManager.default.fileExists(atPath: "\(sharedRoot)/README.md") else {
            throw XCTSkip("no shared exam data at \(sharedRoot)")
        }
        return ExamRegistry(root: sharedRoot, layout: .full)
    }

    /// A scratch file with `text`, removed by the test case's teardown.
    static func write(_ text: String, name: String, in test: XCTestCase) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exams-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
