import Scoring
import XCTest

/// Reference values (scipy, numpy, sklearn, statsmodels, rbo) come from
/// Tests/ScoringTests/Reference/scoring_reference.py, section "AgreementTests", run when the tests were written.
final class AgreementTests: XCTestCase {
    // MARK: Cohen's kappa

    func testKappaAgainstSklearn() throws {
        // Two raters, 15 items on a 1-5 scale; sklearn 1.9.1 cohen_kappa_score(labels=[1..5], weights=w).
        let first = [1, 2, 3, 4, 5, 3, 4, 4, 5, 2, 1, 3, 5, 4, 3]
        let second = [1, 3, 3, 4, 4, 2, 4, 5, 5, 2, 2, 3, 4, 4, 1]
        let cases: [(CohenKappa.Weighting, Double)] = [
            (.none, 0.4067796610169492),
            (.linear, 0.6273291925465838),
            (.quadratic, 0.7956403269754768),
        ]
        for (weighting, expected) in cases {
            let kappa = try CohenKappa(first: first, second: second, categories: [1, 2, 3, 4, 5], weighting: weighting)
            assertEqual(kappa.kappa, expected, "\(weighting)")
        }
        // Unweighted by hand: 8 of 15 agree, po = 0.533333. Marginals (first, second) per category:
        // 1: (2, 2), 2: (2, 3), 3: (4, 3), 4: (4, 5), 5: (3, 2);
        // pe = (4 + 6 + 12 + 20 + 6) / 225 = 48/225; kappa = (120/225 - 48/225) / (177/225) = 72/177.
        let plain = try CohenKappa(first: first, second: second, categories: [1, 2, 3, 4, 5])
        assertEqual(plain.kappa, 72.0 / 177)
        XCTAssertEqual(plain.observedDisagreement, 7.0 / 15, accuracy: 1e-15)
    }

    func testKappaByHandOnTwoCategories() throws {
        // po = 3/4; pe = .5 * .25 + .5 * .75 = .5; kappa = (.75 - .5) / .5 = 0.5 (sklearn: 0.5).
        let kappa = try CohenKappa(first: ["y", "y", "n", "n"], second: ["y", "n", "n", "n"], categories: ["n", "y"])
        assertEqual(kappa.kappa, 0.5)
    }

    func testKappaEdgeCases() throws {
        // Perfect agreement over two used categories.
        assertEqual(try CohenKappa(first: [1, 2, 1], second: [1, 2, 1], categories: [1, 2]).kappa, 1)
        // Both raters always say 3: chance agreement is total, kappa undefined (nil, not 0 or 1).
        XCTAssertNil(try CohenKappa(first: [3, 3], second: [3, 3], categories: [1, 2, 3]).kappa)
        // Systematic disagreement: below chance. po = 0, pe = .5 -> kappa = -1.
        assertEqual(try CohenKappa(first: [1, 2], second: [2, 1], categories: [1, 2]).kappa, -1)
        XCTAssertThrowsError(try CohenKappa(first: [1, 6], second: [1, 2], categories: [1, 2, 3])) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "first: rating 6 at 1 is not among the categories")
        }
        XCTAssertThrowsError(try CohenKappa(first: [1], second: [1], categories: [1, 1]))
        XCTAssertThrowsError(try CohenKappa(first: [1], second: [1, 2], categories: [1, 2]))
        XCTAssertThrowsError(try CohenKappa(first: [Int](), second: [], categories: [1, 2]))
    }

    // MARK: Majority vote

    func testMajorityVote() throws {
        let cases: [(votes: [String], tieBreak: MajorityVote<String>.TieBreak, winner: String, count: Int, tied: [String])] = [
            (["B", "A", "B"], .firstVoted, "B", 2, ["B"]),
            (["C", "A", "A", "C", "B"], .firstVoted, "C", 2, ["C", "A"]),  // C voted first
            (["C", "A", "A", "C", "B"], .preferenceOrder(["A", "B", "C", "D"]), "A", 2, ["A", "C"]),
            // C unlisted: loses to listed A whatever the vote order.
            (["C", "A", "A", "C"], .preferenceOrder(["A"]), "A", 2, ["A", "C"]),
            // Neither listed: first vote decides.
            (["D", "C", "C", "D"], .preferenceOrder(["A"]), "D", 2, ["D", "C"]),
            (["A"], .firstVoted, "A", 1, ["A"]),
            (["A", "B", "C"], .firstVoted, "A", 1, ["A", "B", "C"]),  // all tied
        ]
        for c in cases {
            let vote = try MajorityVote(votes: c.votes, tieBreak: c.tieBreak)
            XCTAssertEqual(vote.winner, c.winner, "\(c.votes)")
            XCTAssertEqual(vote.winnerVotes, c.count, "\(c.votes)")
            XCTAssertEqual(vote.tiedChoices, c.tied, "\(c.votes)")
            XCTAssertEqual(vote.isTie, c.tied.count > 1)
            XCTAssertEqual(vote.totalVotes, c.votes.count)
        }
        // Unparseable answers can vote too (here as nil) and win only by outnumbering the rest.
        let withFailures = try MajorityVote(votes: [nil, "B", nil, "B", "B"] as [String?])
        XCTAssertEqual(withFailures.winner, "B")
        XCTAssertEqual(withFailures.share, 0.6)
        XCTAssertThrowsError(try MajorityVote<String>(votes: [])) { error in
            XCTAssertEqual(error as? ScoringError, .tooFew(argument: "votes", minimum: 1, found: 0))
        }
    }
}

/// Agreement among more than two raters, and between scores on an interval scale.
final class MultiRaterAgreementTests: XCTestCase {
    func testFleissKappaByHandAndAgainstStatsmodels() throws {
        let ratings = [[1, 1, 1], [1, 2, 2], [3, 3, 3], [2, 2, 1], [1, 3, 2], [2, 2, 2]]
        // Agreeing pairs per item: 1, 1/3, 1, 1/3, 0, 1: mean 11/18. Category shares 6/18, 8/18, 4/18:
        // chance 29/81. kappa = (11/18 - 29/81) / (1 - 29/81) = 0.394231.
        // statsmodels fleiss_kappa(aggregate_raters(...)): 0.39423076923076916.
        let kappa = try FleissKappa(ratings: ratings)
        XCTAssertEqual(kappa.observedAgreement, 11.0 / 18, accuracy: 1e-15)
        XCTAssertEqual(kappa.expectedAgreement, 29.0 / 81, accuracy: 1e-15)
        assertEqual(kappa.kappa, 0.39423076923076916)
        XCTAssertNil(try FleissKappa(ratings: [["a", "a"], ["a", "a"]]).kappa)  // one category throughout
        assertEqual(try FleissKappa(ratings: [["a", "a"], ["b", "b"]]).kappa, 1)
        XCTAssertThrowsError(try FleissKappa(ratings: [[1, 2], [1]])) { error in
            XCTAssertEqual(error as? ScoringError,
                           .lengthMismatch(argument: "ratings[1]", expected: 2, found: 1, pairedWith: "ratings[0]"))
        }
        XCTAssertThrowsError(try FleissKappa(ratings: [[1]]))
        XCTAssertThrowsError(try FleissKappa(ratings: [[Int]]()))
    }

    func testKrippendorffAlphaOnHisPublishedExample() throws {
        // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: 4 raters,
        // 12 items, missing values; he reports nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
        // Exact values: the krippendorff 0.9.0 package. Rows are items here, raters A to D.
        let raters: [[Double?]] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ]
        let items = (0..<12).map { item in raters.map { $0[item] } }
        let cases: [(KrippendorffAlpha.Level, Double)] = [
            (.nominal, 0.743421052631579),
            (.ordinal, 0.8153875037548814),
            (.interval, 0.8491071428571428),
            (.ratio, 0.7974027747116121),
        ]
        for (level, expected) in cases {
            let alpha = try KrippendorffAlpha(ratings: items, level: level)
            assertEqual(alpha.alpha, expected, "\(level)")
            XCTAssertEqual(alpha.pairableItemCount, 11)  // item 12 has one rating
            XCTAssertEqual(alpha.pairableValueCount, 40)
        }
    }

    func testKrippendorffAlphaEdgeCases() throws {
        XCTAssertNil(try KrippendorffAlpha(ratings: [[3, 3], [3, 3]], level: .interval).alpha)  // no variation
        XCTAssertNil(try KrippendorffAlpha(ratings: [[3, nil], [nil, 4]], level: .nominal).alpha)  // nothing pairable
        assertEqual(try KrippendorffAlpha(ratings: [[1, 1], [2, 2], [3, 3]], level: .ordinal).alpha, 1)
        XCTAssertThrowsError(try KrippendorffAlpha(ratings: [[1, .nan]], level: .nominal)) { error in
            XCTAssertEqual(error as? ScoringError, .notFinite(argument: "ratings[0]", index: 1))
        }
        XCTAssertThrowsError(try KrippendorffAlpha(ratings: [[1, 2], [1]], level: .nominal))
    }

    func testIntraclassCorrelationsOnShroutAndFleiss() throws {
        // Shrout and Fleiss (1979), table 2: 6 targets, 4 judges. They report ICC(1,1) .17, (2,1) .29,
        // (3,1) .71, (1,4) .44, (2,4) .62, (3,4) .91. Exact values: pingouin 0.7.0 intraclass_corr.
        let scores: [[Double]] = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
        let icc = try IntraclassCorrelation(scores: scores)
        // Their mean squares: BMS 11.24, JMS 32.49, EMS 1.02, WMS 6.26.
        XCTAssertEqual(icc.itemsMeanSquare, 11.241666666666667, accuracy: 1e-9)
        XCTAssertEqual(icc.ratersMeanSquare, 32.486111111111114, accuracy: 1e-9)
        XCTAssertEqual(icc.residualMeanSquare, 1.0194444444444444, accuracy: 1e-9)
        XCTAssertEqual(icc.withinMeanSquare, 6.263888888888889, accuracy: 1e-9)
        assertEqual(icc.oneWaySingle, 0.1657417684054755)
        assertEqual(icc.absoluteAgreementSingle, 0.28976377952755916)
        assertEqual(icc.consistencySingle, 0.7148407148407154)
        assertEqual(icc.absoluteAgreementAverage, 0.6200505475989893)
        assertEqual(icc.consistencyAverage, 0.9093155423770697)
    }

    func testIntraclassCorrelationEdgeCases() throws {
        XCTAssertNil(try IntraclassCorrelation(scores: [[5, 5], [5, 5]]).consistencySingle)  // no variance at all
        assertEqual(try IntraclassCorrelation(scores: [[1, 1], [2, 2], [3, 3]]).absoluteAgreementSingle, 1)
        XCTAssertThrowsError(try IntraclassCorrelation(scores: [[1, 2]]))
        XCTAssertThrowsError(try IntraclassCorrelation(scores: [[1], [2]]))
        XCTAssertThrowsError(try IntraclassCorrelation(scores: [[1, 2], [3]]))
        XCTAssertThrowsError(try IntraclassCorrelation(scores: [[1, 2], [3, .infinity]])) { error in
            XCTAssertEqual(error as? ScoringError, .notFinite(argument: "scores[1]", index: 1))
        }
    }
}
