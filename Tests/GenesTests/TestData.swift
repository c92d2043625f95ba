import Foundation
import XCTest
@testable import Genes

/// Where the tests find their data: hand-made fixtures, the committed subset of the gene data
/// (Benchmarks/genes/data, made by Benchmarks/genes/make_subset.py) and the full shared snapshot.
enum TestData {
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)?.path ?? "missing fixture \(name)"
    }

    /// The repository's committed subset: A37's module rows and the knowledge about its genes.
    static var subset: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/genes/data").path
    }

    /// The full shared snapshot (`$CONSILIUM_SHARED_DATA`, else /work/shared/data); the test is
    /// skipped where it is absent, as on CI, which clones only the repository.
    static func shared() throws -> String {
        let path = ProcessInfo.processInfo.environment["CONSILIUM_SHARED_DATA"] ?? "/work/shared/data"
        guard FileManager.default.fileExists(atPath: path + "/genes/hgnc/hgnc_entries.tsv") else {
            throw XCTSkip("no shared gene data at \(path)")
        }
        return path
    }

    /// Writes `text` to a fresh file in a temporary directory and returns its path.
    static func write(_ text: String, name: String = "input.txt") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("genes-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// The error `body` throws, as a GenesError (failing the test when it throws nothing or another type).
func genesError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> GenesError? {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
    } catch let error as GenesError {
        return error
    } catch {
        XCTFail("expected GenesError, got \(error)", file: file, line: line)
    }
    return nil
}
