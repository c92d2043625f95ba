import Scoring
import XCTest

/// Reference values (scipy, numpy, sklearn, statsmodels, rbo) come from
/// Tests/ScoringTests/Reference/scoring_reference.py, section "ProportionTests", run when the tests were written.
final class ProportionTests: XCTestCase {
    func testNormalQuantileMatchesScipy() throws {
        // Expected values: scipy 1.17.1 `scipy.stats.norm.ppf(p)`, computed when the test was written.
        let cases: [(p: Double, x: Double)] = [
            (0.5, 0),
            (0.975, 1.959963984540054),
            (0.025, -1.9599639845400545),
            (0.995, 2.5758293035489004),
            (0.9, 1.2815515655446004),
            (0.3, -0.5244005127080409),
            (1e-10, -6.361340902404056),  // tail branch r <= 5
            (0.9999999, 5.199337582290661),
            (1e-300, -37.0470962993612),  // far-tail branch r > 5
        ]
        for (p, x) in cases {
            XCTAssertEqual(try NormalDistribution.quantile(p), x, accuracy: 1e-13 * max(1, abs(x)), "p = \(p)")
            XCTAssertEqual(NormalDistribution.cdf(x), p, accuracy: 1e-14 + 1e-12 * p, "x = \(x)")
        }
    }

    func testNormalQuantileRefusesTheEnds() {
        for p in [0, 1, -0.1, 1.5, Double.nan] {
            XCTAssertThrowsError(try NormalDistribution.quantile(p), "p = \(p)")
        }
    }

    func testProportionRefusesImpossibleCounts() {
        XCTAssertThrowsError(try Proportion(successes: 3, trials: 2)) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "successes: expected [0, 2] (the number of trials), found 3")
        }
        XCTAssertThrowsError(try Proportion(successes: -1, trials: 2))
        XCTAssertThrowsError(try Proportion(successes: 0, trials: -1))
    }

    func testEmptyProportionHasNoValueAndTheWholeUnitInterval() throws {
        let empty = try Proportion(successes: 0, trials: 0)
        XCTAssertNil(empty.value)  // 0/0 is undefined, not 0
        XCTAssertEqual(try empty.wilsonInterval(), try Interval(lower: 0, upper: 1))
        XCTAssertEqual(Proportion(outcomes: []), empty)
        XCTAssertEqual(Proportion(outcomes: [true, false, true]), try Proportion(successes: 2, trials: 3))
    }

    func testWilsonIntervalByHandAndAgainstStatsmodels() throws {
        // Reference: statsmodels 0.15.0 `proportion_confint(x, n, alpha=1-c, method="wilson")`.
        let cases: [(x: Int, n: Int, confidence: Double, lower: Double, upper: Double)] = [
            // By hand: z = 1.959964, z^2 = 3.841459; center = (7 + 1.920729) / 13.841459 = 0.644492;
            // half = 1.959964 / 13.841459 * sqrt(7*3/10 + 0.960365) = 0.141601 * 1.749390 = 0.247716.
            (7, 10, 0.95, 0.39677814746114537, 0.8922087325936989),
            // All wrong: lower is exactly 0; upper = z^2 / (n + z^2) = 3.841459 / 13.841459 = 0.277533.
            (0, 10, 0.95, 0, 0.2775327998628892),
            // All correct: the mirror image, upper exactly 1.
            (10, 10, 0.95, 0.7224672001371107, 1),
            (191, 300, 0.95, 0.5808316248758691, 0.6890459629894217),  // ChatGPT-3.5's 63.65% on TXIT, roughly
            (224, 300, 0.95, 0.6945458844004171, 0.7925502497954735),  // GPT-4's 74.57%, roughly
            // n = 1 at 90%: z = 1.644854, lower = 1 / (1 + z^2) = 1 / 3.705544 = 0.269866.
            (1, 1, 0.90, 0.269865948784054, 1),
            (50, 100, 0.99, 0.37527962504483986, 0.6247203749551602),
            (3, 20, 0.80, 0.0746730197532267, 0.27844786562430834),
        ]
        for c in cases {
            let interval = try Proportion(successes: c.x, trials: c.n).wilsonInterval(confidence: c.confidence)
            XCTAssertEqual(interval.lower, c.lower, accuracy: 1e-12, "\(c.x)/\(c.n) at \(c.confidence)")
            XCTAssertEqual(interval.upper, c.upper, accuracy: 1e-12, "\(c.x)/\(c.n) at \(c.confidence)")
        }
    }

    func testWilsonIntervalRefusesABadConfidence() throws {
        let p = try Proportion(successes: 1, trials: 2)
        for confidence in [0, 1, 95, -0.5] {
            XCTAssertThrowsError(try p.wilsonInterval(confidence: confidence)) { error in
                XCTAssertEqual(error as? ScoringError, .outOfRange(argument: "confidence", index: nil,
                                                                  value: confidence, expected: "(0, 1)"))
            }
        }
        XCTAssertThrowsError(try p.wilsonInterval(confidence: .nan)) { error in
            XCTAssertEqual(error as? ScoringError, .notFinite(argument: "confidence", index: nil))
        }
    }

    func testIntervalKeepsItsOrder() {
        XCTAssertThrowsError(try Interval(lower: 0.6, upper: 0.4))
        XCTAssertThrowsError(try Interval(lower: .nan, upper: 0.4))
        XCTAssertNoThrow(try Interval(lower: 0.4, upper: 0.4))
    }
}
