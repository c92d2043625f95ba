import FlowRunner
import Foundation
import Genes
import Provenance
import Support
import TestSupport
import XCTest
@testable import GenePrioritization

/// The whole job on a tiny module with the real SmolLM2 135M and a real SQLite store: every
/// answer parses (schema-constrained local decoding), every step is in provenance, the report
/// ranks the genes, and a second run is served entirely from the cache.
final class GenePrioritizationModelTests: XCTestCase {
    func testTinyModuleEndToEndThenAllFromTheCache() async throws {
        let model = try TestModels.path(TestModels.smollm2)
        let directory = try GeneTestPaths.temporaryDirectory()
        let list = directory.appendingPathComponent("tiny.txt")
        // ALAS2 and CA1 are current symbols, 8-Mar is Excel's MARCH8 (now MARCHF8), LOC389906 has no symbol.
        try Data("ALAS2\n8-Mar\nCA1\nLOC389906\n".utf8).write(to: list)
        // Made-up numbers: the matrix writes MARCHF8 by its previous symbol MARCH8.
        let matrix = directory.appendingPathComponent("matrix.tsv")
        try Data("gene\ts1\ts2\ts3\ts4\nALAS2\t10\t12\t4\t5\nMARCH8\t7\t8\t6\t6\nCA1\t9\t11\t3\t2\n".utf8).write(to: matrix)
        let groups = directory.appendingPathComponent("groups.tsv")
        try Data("sample\tgroup\ns1\tcase\ns2\tcase\ns3\tcontrol\ns4\tcontrol\n".utf8).write(to: groups)
        func job(_ out: String) -> GeneJob {
            GeneJob(modules: .plainList(path: list.path, name: "tiny"), promptsRoot: GeneTestPaths.prompts,
                    dataDirectory: GeneTestPaths.data, replicates: 1, top: 2,
                    expression: .init(matrix: matrix.path, groups: groups.path, caseGroup: "case", controlGroup: "control"),
                    model: .localFile(path: model, threads: 2, sha256: nil),
                    databasePath: directory.appendingPathComponent("runs.sqlite").path,
                    outputDirectory: directory.appendingPathComponent(out).path, consiliumVersion: "test", environment: [:])
        }

        let first = try await GenePrioritizer.run(job("first"))
        let genes = ["ALAS2", "MARCHF8", "CA1"]
        XCTAssertEqual(first.report.analysis.plan.genes, genes)
        // 1 themes call, 3 score calls, 3 claim splits, each valid at the first attempt.
        XCTAssertEqual(first.report.failedItems, 0)
        XCTAssertEqual(first.report.statistics.providerCalls, 7)
        let module = try XCTUnwrap(first.report.analysis.modules.first)
        XCTAssertEqual(Set(module.rows.map(\.gene)), Set(genes))
        XCTAssertEqual(module.unresolved.map(\.input), ["LOC389906"])
        XCTAssertTrue(module.rows.allSatisfy { $0.check != nil }, "every justification was split into claims")

        let store = try ProvenanceStore(path: job("first").databasePath)
        let runID = RunID(first.report.runID)
        XCTAssertEqual(Set(try store.steps(run: runID).map(\.name)), ["themes", "scores", "first_replicate", "answered", "claims"])
        XCTAssertTrue(try store.steps(run: runID).allSatisfy { $0.status == .succeeded })
        XCTAssertEqual(try store.calls(run: runID).count, 7)
        XCTAssertEqual(Set(try store.artifacts(run: runID).map(\.name)).isSuperset(of: ["gene_report", "symbol_mapping"]), true)

        // All three genes are Hallmark heme-metabolism genes: average precision is 1 whatever the
        // scores, and the AUROC, undefined without a non-member, is not recorded.
        let silver = try store.scores(run: runID).filter { $0.metric.hasPrefix("silver.hallmark_heme_metabolism.") && $0.item == "" }
        XCTAssertEqual(silver.first { $0.metric.hasSuffix(".average_precision") }?.value, 1)
        XCTAssertEqual(silver.first { $0.metric.hasSuffix(".precision_at_3") }?.details["positives"], 3)
        XCTAssertFalse(silver.contains { $0.metric.hasSuffix(".auroc") })

        let markdown = try String(contentsOfFile: first.markdownPath, encoding: .utf8)
        for gene in genes { XCTAssertTrue(markdown.contains("| \(gene) |"), "ranked table row for \(gene)") }
        XCTAssertTrue(markdown.contains("expression mean | case - control | r with module |"))
        XCTAssertTrue(markdown.contains("Decision support, not decisions"))
        XCTAssertTrue(markdown.contains("LOC389906"), "the unresolved entry is named")
        let json = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: first.jsonPath)))
        XCTAssertEqual(json["modules"]?[0]?["ranking"]?.arrayValue?.count, 3)
        let alas2 = try XCTUnwrap(module.rows.first { $0.gene == "ALAS2" }?.expression)
        XCTAssertEqual(alas2.meanDifference, 6.5, "case mean 11 minus control mean 4.5")
        XCTAssertEqual(module.rows.first { $0.gene == "MARCHF8" }?.expression?.mean, 6.75, "found under MARCH8")

        let second = try await GenePrioritizer.run(job("second"))
        XCTAssertEqual(second.report.statistics.providerCalls, 0)
        XCTAssertEqual(second.report.statistics.cacheHits, 7)
        XCTAssertEqual(second.report.analysis.modules.first?.rows.map(\.gene), module.rows.map(\.gene))
    }
}

/// The GO-naming benchmark on its first set (three calls) with the real SmolLM2 and a real store:
/// every answer parses, the report and the run's scores are written, and a second run is cached.
final class GONamingModelTests: XCTestCase {
    func testFirstSetEndToEnd() async throws {
        let model = try TestModels.path(TestModels.smollm2)
        let directory = try GeneTestPaths.temporaryDirectory()
        let benchmarks = URL(fileURLWithPath: GeneTestPaths.data).appendingPathComponent("benchmarks")
        func job(_ out: String) -> GeneBenchJob {
            GeneBenchJob(dataPath: benchmarks.appendingPathComponent("hu2025_go_bp_1000_contaminated.sample100.csv").path,
                         publishedPath: benchmarks.appendingPathComponent("hu2025_gpt4_outputs_1000_go_bp.sample100.tsv").path,
                         promptsRoot: GeneTestPaths.prompts, limit: 1, model: .localFile(path: model, threads: 2, sha256: nil),
                         modelLabel: "smollm2", databasePath: directory.appendingPathComponent("runs.sqlite").path,
                         outputDirectory: directory.appendingPathComponent(out).path, consiliumVersion: "test", environment: [:])
        }
        let first = try await GONamingBench.run(job("first"))
        XCTAssertEqual(first.statistics.providerCalls, 3, "the set as is, half random, random")
        XCTAssertEqual(first.result.items.first?.set.term, "GO:0048627")
        XCTAssertEqual(first.result.variants.map(\.failed), [0, 0, 0], "schema-constrained answers all parse")
        XCTAssertEqual(first.result.publishedNamed.trials, 1, "GPT-4's answer for the same set is beside it")
        let store = try ProvenanceStore(path: job("first").databasePath)
        let metrics = Set(try store.scores(run: first.runID).map(\.metric))
        XCTAssertTrue(metrics.isSuperset(of: ["go_naming.named_by_top_theme", "go_naming.random.low_confidence"]), "\(metrics)")
        XCTAssertTrue(try store.artifacts(run: first.runID).contains { $0.name == "go_naming_report" })
        let markdown = try String(contentsOfFile: first.markdownPath, encoding: .utf8)
        XCTAssertTrue(markdown.contains("| GO:0048627 | myoblast development |"), markdown)
        let second = try await GONamingBench.run(job("second"))
        XCTAssertEqual(second.statistics.providerCalls, 0)
        XCTAssertEqual(second.statistics.cacheHits, 3)
    }
}
