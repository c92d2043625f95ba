import FlowRunner
import Foundation
import Genes
import XCTest
@testable import GenePrioritization

/// Bad inputs stop the job before any model is loaded or anything is recorded: each error says
/// which file and what, and the provenance database is never created.
final class GeneJobInputErrorTests: XCTestCase {
    func job(_ modules: ModuleSource, in directory: URL, expression: GeneJob.Expression? = nil) -> GeneJob {
        GeneJob(modules: modules, promptsRoot: GeneTestPaths.prompts, dataDirectory: GeneTestPaths.data, replicates: 1,
                expression: expression, model: .localFile(path: directory.appendingPathComponent("no-model.gguf").path, threads: 1, sha256: nil),
                databasePath: directory.appendingPathComponent("runs.sqlite").path,
                outputDirectory: directory.appendingPathComponent("report").path, consiliumVersion: "test", environment: [:])
    }

    func assertFails(_ job: GeneJob, _ expected: String, file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await GenePrioritizer.run(job)
            XCTFail("expected an error containing \(expected)", file: file, line: line)
        } catch {
            XCTAssertTrue("\(error)".contains(expected), "\(error)", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: job.databasePath), "nothing recorded", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: job.outputDirectory), "no report", file: file, line: line)
    }

    func testUnknownModuleIDSuggestsNearOnes() async throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        await assertFails(job(.bloodGen3(path: GeneTestPaths.repertoire, ids: ["M9.3"]), in: directory), "M9.3")
    }

    func testEmptyGeneList() async throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        let list = directory.appendingPathComponent("empty.txt")
        try Data("# no genes here\n\n".utf8).write(to: list)
        await assertFails(job(.plainList(path: list.path, name: "empty"), in: directory), "empty.txt")
    }

    func testGeneListWithNoCurrentSymbol() async throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        let list = directory.appendingPathComponent("junk.txt")
        try Data("LOC12345\nHS.55555\nNOT_A_GENE\n".utf8).write(to: list)
        await assertFails(job(.plainList(path: list.path, name: "junk"), in: directory), "no entry maps to a current HGNC symbol")
    }

    func testExpressionMatrixWithOtherGenes() async throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        let list = directory.appendingPathComponent("genes.txt")
        try Data("ALAS2\nCA1\n".utf8).write(to: list)
        let matrix = directory.appendingPathComponent("matrix.tsv")
        try Data("gene\ts1\ts2\nTP53\t1\t2\nEGFR\t3\t4\n".utf8).write(to: matrix)
        await assertFails(job(.plainList(path: list.path, name: "genes"), in: directory, expression: .init(matrix: matrix.path)),
                          "none of the 2 module genes is a row of the matrix")
    }

    func testExpressionMatrixWithNonNumericCell() async throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        let list = directory.appendingPathComponent("genes.txt")
        try Data("ALAS2\n".utf8).write(to: list)
        let matrix = directory.appendingPathComponent("matrix.tsv")
        try Data("gene\ts1\ts2\nALAS2\t1\thigh\n".utf8).write(to: matrix)
        await assertFails(job(.plainList(path: list.path, name: "genes"), in: directory, expression: .init(matrix: matrix.path)),
                          "matrix.tsv:2")
    }
}
