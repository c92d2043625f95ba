import Scoring
import Support
import XCTest

/// Reference values (statsmodels, scipy, numpy) come from
/// Tests/ScoringTests/Reference/scoring_reference.py, section "ExamStatisticsTests", run when the tests were written.
final class ExamStatisticsTests: XCTestCase {
    // MARK: McNemar

    func testMcNemarExactAgainstStatsmodels() throws {
        let cases: [(a: Int, b: Int, c: Int, d: Int, p: Double)] = [
            // 2 * P(X <= 3 | n = 13) = 2 * (1 + 13 + 78 + 286) / 8192 = 756 / 8192 = 0.09228515625.
            (20, 10, 3, 7, 0.09228515625),
            (0, 5, 5, 0, 1),  // 2 * P(X <= 5 | 10) = 1.246..., capped at 1
            (3, 0, 6, 1, 0.03125),  // 2 * 2^-6
            (9, 0, 0, 1, 1),  // no discordant items: no evidence
            (0, 1, 0, 0, 1),  // 2 * 1/2
            // 2,300 discordant items: the log-space sum neither underflows nor overflows.
            (500, 1200, 1100, 200, 0.03896685268382023),
            // MedMCQA-sized: scipy binomtest(2000, 4183, 0.5).pvalue.
            (0, 2000, 2183, 0, 0.004886687203879496),
        ]
        for c in cases {
            let test = try McNemarTest(bothCorrect: c.a, onlyFirstCorrect: c.b, onlySecondCorrect: c.c, bothWrong: c.d)
            // Relative 1e-10: lgamma near 4,000! carries about 1e-12 of rounding into each term.
            XCTAssertEqual(test.pValue, c.p, accuracy: 1e-10 * c.p, "\(c)")
        }
    }

    func testMcNemarCountsPairedOutcomes() throws {
        let test = try McNemarTest(firstCorrect: [true, true, false, false, true, true],
                                   secondCorrect: [true, false, true, false, false, true])
        XCTAssertEqual([test.bothCorrect, test.onlyFirstCorrect, test.onlySecondCorrect, test.bothWrong], [2, 2, 1, 1])
        assertEqual(test.accuracyDifference, 1.0 / 6)  // 4/6 - 3/6
        XCTAssertNil(try McNemarTest(bothCorrect: 0, onlyFirstCorrect: 0, onlySecondCorrect: 0, bothWrong: 0).accuracyDifference)
        XCTAssertEqual(test.pValue, 1, accuracy: 1e-15)  // 2 * P(X <= 1 | 3) = 2 * 4/8
        XCTAssertThrowsError(try McNemarTest(firstCorrect: [true], secondCorrect: [])) { error in
            XCTAssertEqual(error as? ScoringError,
                           .lengthMismatch(argument: "secondCorrect", expected: 1, found: 0, pairedWith: "firstCorrect"))
        }
        XCTAssertThrowsError(try McNemarTest(firstCorrect: [], secondCorrect: []))
        XCTAssertThrowsError(try McNemarTest(bothCorrect: 0, onlyFirstCorrect: -1, onlySecondCorrect: 0, bothWrong: 0))
    }

    // MARK: Paired bootstrap

    // 40 items: the first system right on 28, the second on 20 (from the reference script).
    let first = (0..<40).map { ($0 * 7) % 10 < 7 }
    let second = (0..<40).map { ($0 * 3) % 10 < 5 }

    func testPairedBootstrapAgainstAnIndependentReimplementation() throws {
        // The reference script reimplements SeededRandom (xoshiro256** seeded by SplitMix64), the
        // Lemire draw and numpy's default (type 7) quantile; its first draw for seed 42 is this one.
        var random = SeededRandom(seed: 42)
        XCTAssertEqual(random.next(), 1_546_998_764_402_558_742)

        let estimate = try Bootstrap(resamples: 2000, seed: 42).accuracyDifference(firstCorrect: first, secondCorrect: second)
        assertEqual(estimate.estimate, 0.2)  // 28/40 - 20/40
        XCTAssertEqual(estimate.interval?.lower ?? .nan, -0.075, accuracy: 1e-12)
        XCTAssertEqual(estimate.interval?.upper ?? .nan, 0.475, accuracy: 1e-12)
        XCTAssertEqual(estimate.undefinedResamples, 0)

        let ninety = try Bootstrap(resamples: 500, seed: 7)
            .accuracyDifference(firstCorrect: first, secondCorrect: second, confidence: 0.90)
        XCTAssertEqual(ninety.interval?.lower ?? .nan, -0.025, accuracy: 1e-12)
        XCTAssertEqual(ninety.interval?.upper ?? .nan, 0.425, accuracy: 1e-12)
    }

    func testPairedBootstrapIsDeterministicAndPlausible() throws {
        let bootstrap = try Bootstrap(resamples: 4000, seed: 2023)
        let a = try bootstrap.accuracyDifference(firstCorrect: first, secondCorrect: second)
        let b = try bootstrap.accuracyDifference(firstCorrect: first, secondCorrect: second)
        XCTAssertEqual(a, b)
        // The normal approximation for the paired difference: per-item differences d in {-1, 0, 1}
        // have mean 0.2 and SD s; the interval should be near 0.2 +- 1.96 s / sqrt(40).
        let differences = zip(first, second).map { Double(($0 ? 1 : 0) - ($1 ? 1 : 0)) }
        let s = try SampleSummary(differences).standardDeviation ?? .nan
        let half = 1.96 * s / 40.0.squareRoot()
        XCTAssertEqual(a.interval?.lower ?? .nan, 0.2 - half, accuracy: 0.03)
        XCTAssertEqual(a.interval?.upper ?? .nan, 0.2 + half, accuracy: 0.03)
    }

    func testBootstrapEdgeCases() throws {
        // Identical systems: every resample differs by 0.
        let same = try Bootstrap(resamples: 100, seed: 1).accuracyDifference(firstCorrect: first, secondCorrect: first)
        XCTAssertEqual(same.interval, try Interval(lower: 0, upper: 0))
        // All right against all wrong: exactly 1.
        let all = try Bootstrap(resamples: 100, seed: 1)
            .accuracyDifference(firstCorrect: [true, true, true], secondCorrect: [false, false, false])
        XCTAssertEqual(all.interval, try Interval(lower: 1, upper: 1))
        // A statistic undefined on some resamples (a pooled precision with nothing predicted).
        let predictedAny = [false, true, false, false]
        let partly = try Bootstrap(resamples: 500, seed: 3).interval(itemCount: 4) { indices in
            indices.contains { predictedAny[$0] } ? 1 : nil
        }
        // P(no draw hits item 1 in 4 draws) = (3/4)^4 = 0.316: about 158 of 500 undefined.
        XCTAssertEqual(Double(partly.undefinedResamples), 158, accuracy: 40)
        XCTAssertEqual(partly.interval, try Interval(lower: 1, upper: 1))
        let never = try Bootstrap(resamples: 10, seed: 3).interval(itemCount: 2) { _ in nil }
        XCTAssertNil(never.interval)
        XCTAssertNil(never.estimate)
        XCTAssertThrowsError(try Bootstrap(resamples: 0, seed: 1))
        XCTAssertThrowsError(try Bootstrap(resamples: 10, seed: 1).accuracyDifference(firstCorrect: [], secondCorrect: []))
    }

    // MARK: Holm

    func testHolmAgainstStatsmodels() throws {
        // statsmodels multipletests(method="holm", alpha=0.05).
        let cases: [(p: [Double], adjusted: [Double], rejected: [Bool])] = [
            // Sorted .005*4 = .02, .01*3 = .03, .03*2 = .06, .04*1 = .04 -> kept monotone at .06.
            ([0.01, 0.04, 0.03, 0.005], [0.03, 0.06, 0.06, 0.02], [true, false, false, true]),
            ([0.2, 0.2, 0.01], [0.4, 0.4, 0.03], [false, false, true]),
            ([0.5], [0.5], [false]),
            ([0.04, 0.04, 0.04], [0.12, 0.12, 0.12], [false, false, false]),
            ([0.6, 0.9], [1, 1], [false, false]),  // 0.6 * 2 capped at 1
        ]
        for c in cases {
            let holm = try HolmCorrection(pValues: c.p)
            for (found, expected) in zip(holm.adjustedPValues, c.adjusted) {
                XCTAssertEqual(found, expected, accuracy: 1e-15, "\(c.p)")
            }
            XCTAssertEqual(holm.rejected, c.rejected, "\(c.p)")
        }
        XCTAssertThrowsError(try HolmCorrection(pValues: []))
        XCTAssertThrowsError(try HolmCorrection(pValues: [0.1, 1.2])) { error in
            XCTAssertEqual(error as? ScoringError, .outOfRange(argument: "pValues", index: 1, value: 1.2, expected: "[0, 1]"))
        }
    }

    // MARK: Minimum detectable difference

    func testMinimumDetectableDifferenceAgainstARootFinder() throws {
        // Reference: scipy brentq on Connor's equation sqrt(n) d = zA sqrt(psi) + zP sqrt(psi - d^2).
        let cases: [(n: Int, psi: Double, alpha: Double, power: Double, delta: Double?)] = [
            // By hand: a = 1.959964 * sqrt(.2) = 0.876523, zP^2 = 0.708326;
            // disc = 0.708326 * (0.2 * 100.708326 - 0.768293) = 13.722658;
            // d = (0.876523 * 10 + 3.704411) / 100.708326 = 0.123819.
            (100, 0.2, 0.05, 0.8, 0.12381933148441379),
            (300, 0.25, 0.05, 0.8, 0.08055739450075375),
            (500, 0.1, 0.05, 0.9, 0.0456520970103703),
            (1273, 0.3, 0.01, 0.8, 0.052403192844410314),  // MedQA's 1,273 items
            (10, 0.1, 0.05, 0.8, nil),  // even d = psi (all discordant one way) is not enough
            // Power 0.5: zP = 0, d = zA sqrt(psi / n) = 1.959964 * sqrt(0.5 / 50) = 0.195996.
            (50, 0.5, 0.05, 0.5, 0.1959963984540054),
        ]
        for c in cases {
            let delta = try MinimumDetectableDifference.pairedAccuracy(
                itemCount: c.n, discordantProportion: c.psi, alpha: c.alpha, power: c.power)
            assertEqual(delta, c.delta, accuracy: 1e-12, "n \(c.n) psi \(c.psi)")
        }
        XCTAssertThrowsError(try MinimumDetectableDifference.pairedAccuracy(itemCount: 100, discordantProportion: 0))
        XCTAssertThrowsError(try MinimumDetectableDifference.pairedAccuracy(itemCount: 100, discordantProportion: 0.2, power: 0.3))
        XCTAssertThrowsError(try MinimumDetectableDifference.pairedAccuracy(itemCount: 0, discordantProportion: 0.2))
    }
}
