import Scoring
import XCTest

/// Reference values (scipy, numpy, sklearn, statsmodels, rbo) come from
/// Tests/ScoringTests/Reference/scoring_reference.py, section "SetMetricsTests", run when the tests were written.
final class SetMetricsTests: XCTestCase {
    // Six items covering every empty-set case; the keys are letters.
    let items: [(predicted: Set<String>, reference: Set<String>)] = [
        (["a", "b", "c"], ["a", "b", "d", "e"]),  // A: TP 2, FP 1, FN 2
        (["x"], ["x"]),  // B: perfect
        (["y", "z"], ["w"]),  // C: all wrong
        ([], ["q", "r"]),  // D: nothing predicted
        ([], []),  // E: both empty
        (["s"], []),  // F: nothing expected
    ]

    func testOneItemByHand() throws {
        let cases: [(index: Int, p: Double?, r: Double?, f1: Double, f2: Double)] = [
            // A: P = 2/3, R = 2/4, F1 = 2*2 / (2*2 + 2 + 1) = 4/7, F2 = 5*2 / (5*2 + 4*2 + 1) = 10/19.
            (0, 2.0 / 3, 0.5, 4.0 / 7, 10.0 / 19),
            (1, 1, 1, 1, 1),
            (2, 0, 0, 0, 0),
            (3, nil, 0, 0, 0),  // precision undefined, not 0
            (4, 1, 1, 1, 1),  // both empty is a perfect answer
            (5, 0, nil, 0, 0),  // recall undefined
        ]
        let two = try FBeta(2)
        for c in cases {
            let item = items[c.index]
            let counts = SetComparison(predicted: item.predicted, reference: item.reference).counts
            assertEqual(counts.precision, c.p, "item \(c.index) precision")
            assertEqual(counts.recall, c.r, "item \(c.index) recall")
            XCTAssertEqual(counts.f1, c.f1, accuracy: 1e-15, "item \(c.index) F1")
            XCTAssertEqual(counts.fScore(two), c.f2, accuracy: 1e-15, "item \(c.index) F2")
        }
    }

    func testComparisonNamesTheMatchedMissedAndSpuriousKeys() {
        let comparison = SetComparison(predicted: items[0].predicted, reference: items[0].reference)
        XCTAssertEqual(comparison.matched, ["a", "b"])
        XCTAssertEqual(comparison.missed, ["d", "e"])
        XCTAssertEqual(comparison.spurious, ["c"])
        XCTAssertEqual(comparison.counts, try MatchCounts(truePositives: 2, falsePositives: 1, falseNegatives: 2))
    }

    func testTheCallersKeyDecidesWhatMatches() {
        struct Option { let alteration: String; let drugs: [String] }
        struct Key: Hashable, Sendable { let alteration: String; let drugs: Set<String> }
        let predicted = [Option(alteration: "BRAF V600E", drugs: ["trametinib", "dabrafenib"]),
                         Option(alteration: "BRAF V600E", drugs: ["dabrafenib", "trametinib"]),  // same set again
                         Option(alteration: "KRAS G12C", drugs: ["sotorasib"])]
        let reference = [Option(alteration: "BRAF V600E", drugs: ["dabrafenib", "trametinib"]),
                         Option(alteration: "KRAS G12C", drugs: ["adagrasib"])]
        let byDrugSet = SetComparison(predicted: predicted, reference: reference) {
            Key(alteration: $0.alteration, drugs: Set($0.drugs))
        }
        // Combinations match as sets, and the repeated combination is one prediction: TP 1, FP 1, FN 1.
        XCTAssertEqual(byDrugSet.counts, try MatchCounts(truePositives: 1, falsePositives: 1, falseNegatives: 1))
        let byAlteration = SetComparison(predicted: predicted, reference: reference) { $0.alteration }
        XCTAssertEqual(byAlteration.counts.f1, 1)
    }

    func testPooledAndMacroByHandAndAgainstSklearn() throws {
        let counts = items.map { SetComparison(predicted: $0.predicted, reference: $0.reference).counts }
        let summary = try SetScoreSummary(items: counts)
        // Pooled: TP 2+1 = 3; FP 1+2+1 = 4; FN 2+1+2 = 5. P = 3/7, R = 3/8, F1 = 6 / (6 + 5 + 4) = 0.4.
        // sklearn 1.9.1 precision_recall_fscore_support(average="micro") on the same six rows
        // (MultiLabelBinarizer): (0.42857142857142855, 0.375, 0.4).
        XCTAssertEqual(summary.pooled, try MatchCounts(truePositives: 3, falsePositives: 4, falseNegatives: 5))
        assertEqual(summary.pooledPrecision, 3.0 / 7)
        assertEqual(summary.pooledRecall, 0.375)
        XCTAssertEqual(summary.pooledFScore, 0.4, accuracy: 1e-15)
        // Macro precision over the 5 items where it is defined (not D): (2/3 + 1 + 0 + 1 + 0) / 5.
        assertEqual(summary.macroPrecision, (2.0 / 3 + 2) / 5)
        // Macro recall over the 5 items where it is defined (not F): (1/2 + 1 + 0 + 0 + 1) / 5 = 0.5.
        assertEqual(summary.macroRecall, 0.5)
        // Macro F1 over all six: (4/7 + 1 + 0 + 0 + 1 + 0) / 6.
        XCTAssertEqual(summary.macroFScore, (4.0 / 7 + 2) / 6, accuracy: 1e-15)
        XCTAssertEqual(summary.itemsWithUndefinedPrecision, 1)
        XCTAssertEqual(summary.itemsWithUndefinedRecall, 1)
        XCTAssertEqual(summary.itemsWithBothEmpty, 1)
        XCTAssertEqual(summary.itemCount, 6)
    }

    func testMacroOnItemsWithoutEmptySetsAgreesWithSklearnSamplesAverage() throws {
        let counts = items.prefix(3).map { SetComparison(predicted: $0.predicted, reference: $0.reference).counts }
        // sklearn 1.9.1 average="samples" on items A, B, C: (0.5555555555555555, 0.5, 0.5238095238095238);
        // fbeta_score(beta=2, average="samples") = 0.5087719298245613 = (10/19 + 1 + 0) / 3.
        let f1 = try SetScoreSummary(items: Array(counts))
        assertEqual(f1.macroPrecision, 0.5555555555555555)
        assertEqual(f1.macroRecall, 0.5)
        XCTAssertEqual(f1.macroFScore, 0.5238095238095238, accuracy: 1e-15)
        let f2 = try SetScoreSummary(items: Array(counts), beta: FBeta(2))
        XCTAssertEqual(f2.macroFScore, 0.5087719298245613, accuracy: 1e-15)
        // Pooled F2 over all six items (sklearn fbeta_score(beta=2, average="micro") = 0.38461538461538464):
        // 5*3 / (5*3 + 4*5 + 4) = 15/39.
        let all = items.map { SetComparison(predicted: $0.predicted, reference: $0.reference).counts }
        XCTAssertEqual(try SetScoreSummary(items: all, beta: FBeta(2)).pooledFScore, 15.0 / 39, accuracy: 1e-15)
    }

    func testSummariesOfOnlyEmptyPredictions() throws {
        let nothing = try MatchCounts(truePositives: 0, falsePositives: 0, falseNegatives: 3)
        let summary = try SetScoreSummary(items: [nothing, nothing])
        XCTAssertNil(summary.pooledPrecision)
        XCTAssertNil(summary.macroPrecision)
        XCTAssertEqual(summary.itemsWithUndefinedPrecision, 2)
        assertEqual(summary.pooledRecall, 0)
        XCTAssertEqual(summary.pooledFScore, 0)
    }

    func testBootstrapIntervalsOfPooledScoresAgainstTheReplica() throws {
        // Ten patients' (TP, FP, FN); the reference script resamples them with its replica of
        // SeededRandom and the Lemire draw (seed 11, 1,000 resamples) and takes numpy quantiles.
        let patients = try [(2, 1, 2), (1, 0, 0), (0, 2, 1), (0, 0, 2), (0, 0, 0), (0, 1, 0), (3, 2, 1), (1, 1, 1),
                            (0, 3, 2), (2, 0, 3)].map { try MatchCounts(truePositives: $0.0, falsePositives: $0.1, falseNegatives: $0.2) }
        let intervals = try SetScoreIntervals(items: patients, bootstrap: Bootstrap(resamples: 1000, seed: 11))
        let cases: [(BootstrapEstimate, Double, Double)] = [
            (intervals.pooledPrecision, 0.21052631578947367, 0.6878124999999997),
            (intervals.pooledFScore, 0.22207207207207208, 0.6037955243527863),
            (intervals.macroFScore, 0.2069642857142857, 0.6643452380952382),
        ]
        for (estimate, lower, upper) in cases {
            XCTAssertEqual(estimate.interval?.lower ?? .nan, lower, accuracy: 1e-12)
            XCTAssertEqual(estimate.interval?.upper ?? .nan, upper, accuracy: 1e-12)
            XCTAssertEqual(estimate.undefinedResamples, 0)
        }
        // The point estimate is the plain pooled score: TP 9, FP 10, FN 12: F1 = 18 / (18 + 12 + 10).
        assertEqual(intervals.pooledFScore.estimate, 18.0 / 40)
        // Identical patients: every resample pools to the same score.
        let same = try SetScoreIntervals(items: Array(repeating: patients[0], count: 5), bootstrap: Bootstrap(resamples: 50, seed: 1))
        XCTAssertEqual(same.pooledFScore.interval, try Interval(lower: 4.0 / 7, upper: 4.0 / 7))
    }

    func testInvalidInputsAreRefusedByName() {
        XCTAssertThrowsError(try SetScoreSummary(items: [])) { error in
            XCTAssertEqual(error as? ScoringError, .tooFew(argument: "items", minimum: 1, found: 0))
        }
        XCTAssertThrowsError(try MatchCounts(truePositives: 1, falsePositives: -1, falseNegatives: 0)) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "falsePositives: expected 0 or more, found -1")
        }
        for beta in [0, -1, Double.infinity, .nan] {
            XCTAssertThrowsError(try FBeta(beta), "beta \(beta)")
        }
    }
}

/// Optional doubles: nil must match nil, numbers within a tolerance.
func assertEqual(_ found: Double?, _ expected: Double?, accuracy: Double = 1e-12, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    switch (found, expected) {
    case (nil, nil): return
    case let (found?, expected?):
        XCTAssertEqual(found, expected, accuracy: accuracy, message, file: file, line: line)
    default:
        XCTFail("found \(String(describing: found)), expected \(String(describing: expected)) \(message)", file: file, line: line)
    }
}
