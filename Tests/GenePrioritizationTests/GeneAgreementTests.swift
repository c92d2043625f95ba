import FlowRunner
import Foundation
import Genes
import Provenance
import Support
import XCTest
@testable import GenePrioritization

/// Agreement between raters (replicates, or two runs read back from a real provenance store)
/// against hand-computed values.
final class GeneAgreementTests: XCTestCase {
    func testTwoRatersByHand() throws {
        // A 9 / 8, B 7 / 5, C 4 / 7, D 0 / 2.
        let agreement = try XCTUnwrap(try CriterionAgreement(criterion: "erythroid", genes: ["A", "B", "C", "D"],
                                                             raters: [[9, 7, 4, 0], [8, 5, 7, 2]], banded: true, top: 2))
        // Deviations (3.5, 1.5, -1.5, -3.5) and (3.5, -0.5, 1.5, -2.5): sxy 25, sxx 46, syy 21.
        XCTAssertEqual(agreement.pearson ?? .nan, 25 / 966.0.squareRoot(), accuracy: 1e-12)
        // Ranks (4, 3, 2, 1) and (4, 2, 3, 1): one adjacent swap, rho = 1 - 6*2 / (4*15) = 0.8.
        XCTAssertEqual(agreement.spearman ?? .nan, 0.8, accuracy: 1e-12)
        // Bands (4, 3, 2, 0) and (3, 2, 3, 1): observed linear disagreement (1+1+1+1)/4 / 4 = 0.25;
        // expected from the margins 0.34375; kappa = 1 - 0.25 / 0.34375 = 3/11.
        XCTAssertEqual(agreement.weightedKappa ?? .nan, 3.0 / 11, accuracy: 1e-12)
        // MSR 19.5, MSC 0.5, MSE 17/6: ICC(A,1) = (19.5 - 17/6) / (19.5 + 17/6 + 2 (0.5 - 17/6) / 4) = 100/127.
        XCTAssertEqual(agreement.icc ?? .nan, 100.0 / 127, accuracy: 1e-12)
        // Top 2: {A, B} against {A, C}.
        XCTAssertEqual(agreement.k, 2)
        XCTAssertEqual(agreement.topKOverlap, 0.5)
    }

    func testThreeRatersAverageThePairsAndLeaveOutConstantOnes() throws {
        let agreement = try XCTUnwrap(try CriterionAgreement(criterion: "c", genes: ["A", "B", "C", "D"],
                                                             raters: [[9, 7, 4, 0], [8, 5, 7, 2], [5, 5, 5, 5]], banded: true, top: 10))
        // The constant third rater has no correlation with anyone: the mean is the one defined pair.
        XCTAssertEqual(agreement.pearson ?? .nan, 25 / 966.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(agreement.k, 4, "k is cut to the gene count")
        XCTAssertEqual(agreement.topKOverlap, 1)
        XCTAssertNil(try CriterionAgreement(criterion: "c", genes: ["A"], raters: [[1], [2]], banded: true, top: 5))
        // Two raters who give every gene one score share their top 2 of 4 only by chance: 2 / 4.
        let flat = try XCTUnwrap(try CriterionAgreement(criterion: "c", genes: ["A", "B", "C", "D"], raters: [[1, 1, 1, 1], [2, 2, 2, 2]],
                                                        banded: true, top: 2))
        XCTAssertEqual(flat.topKOverlap, 0.5, accuracy: 1e-12)
        XCTAssertNil(flat.pearson)
        XCTAssertThrowsError(try CriterionAgreement(criterion: "c", genes: ["A", "B"], raters: [[1, 2], [1]], banded: true, top: 1)) { error in
            XCTAssertEqual("\(error)", "agreement of c: rater 2 has 1 scores for 2 genes")
        }
        XCTAssertEqual(RubricBand(score: 0.49), .none)
        XCTAssertEqual(RubricBand(score: 3.5), .some, "3.5 rounds to 4")
        XCTAssertEqual(RubricBand(score: 8.6), .strong)
    }

    /// Two runs' reports stored in a real SQLite store, compared as `genes compare` does.
    func testTwoRunsFromAStore() throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        let store = try ProvenanceStore(path: directory.appendingPathComponent("runs.sqlite").path)
        let plan = try SilverSetTests.plan(replicates: 1, in: directory)
        // Genes ALAS2, CA1, BCL2L1: erythroid 9 / 3 / 6 in run A, 8 / 6 / 2 in run B; other criteria 1.
        var runs: [RunID] = []
        for erythroid in [[9.0, 3, 6], [8.0, 6, 2]] {
            let answers = erythroid.map { SilverSetTests.answer(erythroid: $0) }
            let none: JSONValue = .object(["claims": .array([])])
            let analysis = try GeneAnalysis(plan: plan, outputs: ["themes": .array([]), "scores": .array(answers),
                                                                  "claims": .array([none, none, none])],
                                            checker: ClaimChecker(knowledge: GeneAnalysisTests.knowledge.get()), top: 2)
            let run = try store.createRun(RunSpec(flowID: "genes.prioritization", flowVersion: "1", flowHash: ContentHash.of("flow"),
                                                  inputs: [:], parameters: [:], consiliumVersion: "test"))
            let report = GeneReport(runID: run.id.rawValue, analysis: analysis, statistics: .init(), failedItems: 0)
            try store.storeJSON(run: run.id, role: .output, name: "gene_report", value: report.jsonValue)
            runs.append(run.id)
        }
        let comparison = try GeneRunComparison(store: store, first: runs[0], second: runs[1], top: 1)
        XCTAssertEqual(comparison.genes, ["ALAS2", "BCL2L1", "CA1"])
        XCTAssertEqual(comparison.criteria.map(\.criterion), plan.preset.criteria.map(\.key) + ["total"])
        let erythroid = try XCTUnwrap(comparison.criteria.first)
        // In symbol order (ALAS2, BCL2L1, CA1): (9, 6, 3) against (8, 2, 6). Deviations (3, 0, -3) and
        // (2.667, -3.333, 0.667): sxy 6, sxx 18, syy 18.667: r = 6 / sqrt(336).
        XCTAssertEqual(erythroid.pearson ?? .nan, 6 / 336.0.squareRoot(), accuracy: 1e-12)
        // Ranks (3, 2, 1) and (3, 1, 2): rho = 1 - 6*2 / (3*8) = 0.5.
        XCTAssertEqual(erythroid.spearman ?? .nan, 0.5, accuracy: 1e-12)
        XCTAssertEqual(erythroid.topKOverlap, 1, "ALAS2 is first in both")
        XCTAssertNil(comparison.criteria[1].pearson, "criterion 2 is 1 for every gene in both runs: no correlation")
        XCTAssertNil(comparison.criteria.last?.weightedKappa, "the total has no rubric bands")
        XCTAssertTrue(comparison.markdown.contains("| erythroid | 3 |"), comparison.markdown)

        let missing = RunID("no-such-run")
        XCTAssertThrowsError(try GeneRunComparison(store: store, first: runs[0], second: missing)) { error in
            XCTAssertEqual("\(error)", "run no-such-run: not in the provenance database")
        }
        let other = try store.createRun(RunSpec(flowID: "other", flowVersion: "1", flowHash: ContentHash.of("x"),
                                                inputs: [:], parameters: [:], consiliumVersion: "test"))
        XCTAssertThrowsError(try GeneRunComparison(store: store, first: runs[0], second: other.id)) { error in
            XCTAssertTrue("\(error)".contains("has no gene_report output"), "\(error)")
        }
    }
}
