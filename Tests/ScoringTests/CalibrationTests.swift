import Scoring
import XCTest

/// Reference values (scipy, numpy, sklearn, statsmodels, rbo) come from
/// Tests/ScoringTests/Reference/scoring_reference.py, section "CalibrationTests", run when the tests were written.
final class CalibrationTests: XCTestCase {
    func testBinaryBrierByHandAndAgainstSklearn() throws {
        // ((.1-0)^2 + (.9-1)^2 + (.8-1)^2 + (.3-0)^2) / 4 = (.01 + .01 + .04 + .09) / 4 = 0.0375;
        // sklearn 1.9.1 brier_score_loss: 0.03749999999999999.
        XCTAssertEqual(try BrierScore.binary(probabilities: [0.1, 0.9, 0.8, 0.3], outcomes: [false, true, true, false]),
                       0.0375, accuracy: 1e-15)
        XCTAssertEqual(try BrierScore.binary(probabilities: [1, 0], outcomes: [true, false]), 0)  // all right, certain
        XCTAssertEqual(try BrierScore.binary(probabilities: [0, 1], outcomes: [true, false]), 1)  // all wrong, certain
    }

    func testMulticlassBrierByHandAndAgainstSklearn() throws {
        let probabilities: [[Double]] = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25], [0.6, 0.3, 0.1]]
        // Rows: .09+.04+.01 = .14; .01+.09+.16 = .26; .0625+.25+.0625 = .375; .36+.49+.01 = .86;
        // mean 1.635 / 4 = 0.40875. sklearn brier_score_loss(y, P, labels=[0, 1, 2]) = 0.40874999999999995.
        XCTAssertEqual(try BrierScore.multiclass(probabilities: probabilities, answers: [0, 2, 1, 1]), 0.40875, accuracy: 1e-15)
        XCTAssertEqual(try BrierScore.multiclass(probabilities: [[0, 1, 0, 0]], answers: [3]), 2)  // certain and wrong
    }

    func testBrierRefusesBadInput() {
        XCTAssertThrowsError(try BrierScore.binary(probabilities: [0.5, 1.2], outcomes: [true, true])) { error in
            XCTAssertEqual(error as? ScoringError, .outOfRange(argument: "probabilities", index: 1, value: 1.2, expected: "[0, 1]"))
        }
        XCTAssertThrowsError(try BrierScore.binary(probabilities: [], outcomes: []))
        XCTAssertThrowsError(try BrierScore.binary(probabilities: [.nan], outcomes: [true]))
        XCTAssertThrowsError(try BrierScore.multiclass(probabilities: [[0.5, 0.5], [0.5, 0.4]], answers: [0, 0])) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "probabilities[1]: sums to 0.9, not 1")
        }
        XCTAssertThrowsError(try BrierScore.multiclass(probabilities: [[0.5, 0.5]], answers: [2])) { error in
            guard case .outOfRange(argument: "answers", index: 0, _, _)? = error as? ScoringError else {
                return XCTFail("\(error)")
            }
        }
    }

    func testCalibrationBinsAgainstSklearnAndECEByHand() throws {
        let confidences = [0.95, 0.9, 0.85, 0.8, 0.3, 0.3, 0.55, 0.6, 0.65, 1.0, 0.0, 0.25, 0.45, 0.75, 0.72]
        let correct = [1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1].map { $0 == 1 }
        let report = try CalibrationReport(confidences: confidences, correct: correct, binCount: 5)
        // sklearn 1.9.1 calibration_curve(n_bins=5): prob_true [0, 1/3, 2/3, .75, .75],
        // prob_pred [0, .283333, .533333, .73, .925]. 0.8 and 0.6 sit on edges and fall in the
        // lower bin, (0.6, 0.8] and (0.4, 0.6]; 0 falls in the first.
        let expected: [(count: Int, confidence: Double, accuracy: Double)] = [
            (1, 0, 0), (3, 0.85 / 3, 1.0 / 3), (3, 1.6 / 3, 2.0 / 3), (4, 0.73, 0.75), (4, 0.925, 0.75),
        ]
        for (bin, e) in zip(report.bins, expected) {
            XCTAssertEqual(bin.count, e.count, "bin \(bin.lower)")
            assertEqual(bin.meanConfidence, e.confidence, "bin \(bin.lower)")
            assertEqual(bin.accuracy, e.accuracy, "bin \(bin.lower)")
        }
        XCTAssertEqual(report.bins.map(\.upper), [0.2, 0.4, 0.6, 0.8, 1.0])
        // ECE = 1/15*0 + 3/15*.05 + 3/15*.133333 + 4/15*.02 + 4/15*.175 = 0.0886667; MCE = .175.
        let ece = 3.0 / 15 * (1.0 / 3 - 0.85 / 3) + 3.0 / 15 * (2.0 / 3 - 1.6 / 3) + 4.0 / 15 * 0.02 + 4.0 / 15 * 0.175
        XCTAssertEqual(report.expectedCalibrationError, ece, accuracy: 1e-12)
        XCTAssertEqual(report.maximumCalibrationError, 0.175, accuracy: 1e-12)
    }

    func testEdgeValuesLandInTheBinTheyBound() throws {
        // 0.3 * 10 = 3.0000000000000004 in floating point: still (0.2, 0.3].
        let report = try CalibrationReport(confidences: [0.3, 0.7, 0.1], correct: [true, true, true], binCount: 10)
        XCTAssertEqual(report.bins[2].count, 1)
        XCTAssertEqual(report.bins[6].count, 1)
        XCTAssertEqual(report.bins[0].count, 1)
        XCTAssertNil(report.bins[5].accuracy)  // empty bins have no accuracy
    }

    func testPerfectCalibrationAndBadInput() throws {
        // Half right at confidence 0.5, all right at 1: perfectly calibrated.
        let report = try CalibrationReport(confidences: [0.5, 0.5, 1, 1], correct: [true, false, true, true])
        XCTAssertEqual(report.expectedCalibrationError, 0, accuracy: 1e-15)
        XCTAssertThrowsError(try CalibrationReport(confidences: [0.5], correct: [true], binCount: 0))
        XCTAssertThrowsError(try CalibrationReport(confidences: [], correct: []))
        XCTAssertThrowsError(try CalibrationReport(confidences: [-0.1], correct: [true]))
    }

    func testSampleSummary() throws {
        // Replicate scores 7, 8, 9: mean 8, SD sqrt(((-1)^2 + 0 + 1^2) / 2) = 1.
        let summary = try SampleSummary([7, 8, 9])
        XCTAssertEqual(summary.mean, 8)
        assertEqual(summary.standardDeviation, 1)
        // numpy.std([2, 4, 4, 4, 5, 5, 7, 9], ddof=1) = 2.138089935299395 (sqrt(32/7)).
        assertEqual(try SampleSummary([2, 4, 4, 4, 5, 5, 7, 9]).standardDeviation, 2.138089935299395)
        // Large offset: the two-pass SD keeps its digits (one-pass sum of squares would lose them).
        assertEqual(try SampleSummary([1e9 + 7, 1e9 + 8, 1e9 + 9]).standardDeviation, 1, accuracy: 1e-9)
        XCTAssertNil(try SampleSummary([5]).standardDeviation)  // one replicate: no spread
        XCTAssertThrowsError(try SampleSummary([], argument: "replicates")) { error in
            XCTAssertEqual(error as? ScoringError, .tooFew(argument: "replicates", minimum: 1, found: 0))
        }
        XCTAssertThrowsError(try SampleSummary([1, .nan]))
    }
}
