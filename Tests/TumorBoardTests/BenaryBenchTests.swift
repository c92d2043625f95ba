import Oncology
import Scoring
@testable import TumorBoard
import XCTest

/// The bench's table without a model: the paper's sources, scored by the bench from the shipped
/// RecommendationsClean.csv, give the published pooled counts (Benchmarks/tumorboard/README.md;
/// panel_g_combined_all.csv), and an empty run scores zero recall with every CI present.
final class BenaryBenchTests: XCTestCase {
    func testPublishedRowsComeFromTheShippedDataAndAnEmptyRunScoresZero() throws {
        let bench = try BenaryBench.score([], source: "nothing", resources: TestFiles.resources, knowledgeBase: [])
        func exact(_ source: String) throws -> MatchCounts {
            let row = try XCTUnwrap(bench.published.first { $0.source == source }, source)
            return try XCTUnwrap(row.reports.first { $0.0 == .exact }).1.pooled.counts
        }
        // The paper's "combined" rule: TP 12, FP 30, FN 29 against the 41 expert pairs (F1 0.289).
        XCTAssertEqual(try exact("combined (paper's rule)"), try MatchCounts(truePositives: 12, falsePositives: 30, falseNegatives: 29))
        XCTAssertEqual(try exact("OncoKB").f1, 0.324, accuracy: 0.0005)
        XCTAssertEqual(try exact("ChatGPT 4").f1, 0.261, accuracy: 0.0005)
        XCTAssertFalse(bench.published.contains { $0.source == BenaryRecommendations.expertSource }, "the expert is the reference, not a row")

        let ours = try XCTUnwrap(try XCTUnwrap(bench.ours.first).reports.first { $0.0 == .exact })
        XCTAssertEqual(ours.1.pooled.counts, try MatchCounts(truePositives: 0, falsePositives: 0, falseNegatives: 41))
        XCTAssertEqual(ours.2.pooledFScore.estimate, 0)
        XCTAssertTrue(bench.markdown.contains("| **nothing** (this run) | n/a / 0.000 / 0.000 |"), bench.markdown)
        XCTAssertEqual(bench.markdown.split(separator: "\n").count, 2 + 1 + bench.published.count)
    }
}
