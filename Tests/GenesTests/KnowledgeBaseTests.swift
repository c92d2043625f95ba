import Foundation
import XCTest
@testable import Genes

final class KnowledgeBaseTests: XCTestCase {
    func testSubsetIndexesKnowledgeByCurrentSymbol() throws {
        let kb = try KnowledgeBase(directory: TestData.subset)
        XCTAssertEqual(kb.entry("ALAS2")?.name, "5'-aminolevulinate synthase 2")
        // ALAS2 is annotated to protoporphyrinogen IX biosynthesis, a child of heme biosynthesis.
        XCTAssertTrue(kb.goAnnotations("ALAS2", aspect: .process).contains("GO:0006782"))
        XCTAssertEqual(kb.annotationsReaching("GO:0006783", aspect: .process, gene: "ALAS2"), ["GO:0006782"])
        XCTAssertEqual(kb.ontologies[.process]?.names["GO:0006783"], "heme biosynthetic process")
        XCTAssertTrue(kb.hallmark.sets(containing: "ALAS2").map(\.name).contains("HALLMARK_HEME_METABOLISM"))
        XCTAssertEqual(kb.reactome.set(named: "heme biosynthesis")?.id, "R-HSA-189451")
        XCTAssertEqual(kb.reactome.set(named: "R-HSA-189451")?.name, "Heme biosynthesis")
        XCTAssertNotNil(kb.summary("ALAS2"))
    }

    func testRegulatesEdgesDoNotPropagate() throws {
        let graph = DelimitedText(path: "g.tsv", text: """
            GO:1\tGO:2\tdefault
            GO:1\tGO:3\tdefault
            GO:3\tGO:4\tdefault
            GO:2\tGENEA\tgene
            GO:3\tGENEB\tgene
            GO:4\tGENEC\tgene
            """)
        let names = DelimitedText(path: "n.tsv", text: """
            \t0
            GO:1\theme biosynthetic process
            GO:2\tprotoporphyrinogen IX biosynthetic process
            GO:3\tregulation of heme biosynthetic process
            GO:4\tpositive regulation of heme biosynthetic process
            """)
        let go = try GeneOntology(aspect: .process, graph: graph, names: names)
        XCTAssertEqual(go.ancestors(of: "GO:2"), ["GO:1", "GO:2"])
        XCTAssertEqual(go.ancestors(of: "GO:4"), ["GO:3", "GO:4"])
        XCTAssertEqual(go.annotationsReaching("GO:1", gene: "GENEA"), ["GO:2"])
        XCTAssertEqual(go.annotationsReaching("GO:1", gene: "GENEB"), [])
        XCTAssertEqual(go.annotationsReaching("GO:3", gene: "GENEC"), ["GO:4"])
        let bad = DelimitedText(path: "b.tsv", text: "GO:1\tGO:2\tis_a\n")
        XCTAssertEqual(genesError { try GeneOntology(aspect: .process, graph: bad, names: names) }?.description,
                       "b.tsv:1:3: malformed row: expected \"default\" or \"gene\", found \"is_a\"")
    }

    /// Load time and memory of the full snapshot (printed for the report; the bound is generous
    /// because debug builds are slow and the machine is shared).
    func testSharedSnapshotLoadsQuickly() throws {
        let shared = try TestData.shared()
        let before = Self.residentMB()
        let start = Date()
        let kb = try KnowledgeBase(directory: shared + "/genes")
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "KnowledgeBase load: %.2f s, resident %.0f MB before, %.0f MB after", seconds, before, Self.residentMB()))
        XCTAssertEqual(kb.hgnc.entries.count, 43_837)
        XCTAssertEqual(kb.hallmark.sets.count, 50)
        XCTAssertEqual(kb.reactome.sets.count, 2_504)
        XCTAssertEqual(kb.ontologies[.process]?.annotations.values.reduce(0) { $0 + $1.count } ?? 0, 112_230, accuracy: 500)
        XCTAssertLessThan(seconds, 60)
    }

    /// Resident memory now, from /proc/self/statm (pages); 0 where that file does not exist.
    static func residentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}

final class KnowledgeFileTests: XCTestCase {
    func testSummariesSkipSeparatorsAndStrayTextAndKeepTheFirstSummary() throws {
        let path = try TestData.write("""
            ALAS2: Erythroid-specific enzyme. It makes ALA.
            ////
            Enriched Terms: cell cycle regulation; DNA replication
            ALAS2: A later duplicate.
            C1orf43: Open reading frame.
            """, name: "summaries.txt")
        let summaries = try GeneSummaries(path: path, source: "RefSeq summary")
        XCTAssertEqual(summaries.texts, ["ALAS2": "Erythroid-specific enzyme. It makes ALA.", "C1orf43": "Open reading frame."])
        XCTAssertEqual(summaries.skippedLines, 2)
        XCTAssertEqual(ClaimChecker.sentences("Erythroid-specific enzyme. It makes ALA."),
                       ["Erythroid-specific enzyme.", "It makes ALA."])
    }

    func testMissingKnowledgeFileIsNamed() throws {
        let error = genesError { try KnowledgeBase(directory: "/nonexistent/genes") }
        XCTAssertEqual(error?.file, "/nonexistent/genes/hgnc/hgnc_entries.tsv")
        XCTAssertEqual(error?.description.hasPrefix("/nonexistent/genes/hgnc/hgnc_entries.tsv: cannot read:"), true)
    }

    func testHallmarkNamesComeFromTheCardURL() throws {
        let path = try TestData.write(
            "HEME_METABOLISM\thttp://www.gsea-msigdb.org/gsea/msigdb/cards/HALLMARK_HEME_METABOLISM\tALAS2\nHYPOXIA\t\tVEGFA\n",
            name: "h.gmt")
        let hallmark = try GeneSetCollection.hallmark(path: path, source: "MSigDB Hallmark")
        XCTAssertEqual(hallmark.sets.map(\.name), ["HALLMARK_HEME_METABOLISM", "HALLMARK_HYPOXIA"])
        XCTAssertEqual(hallmark.sets(containing: "VEGFA").map(\.name), ["HALLMARK_HYPOXIA"])
    }
}
