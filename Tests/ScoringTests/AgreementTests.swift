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
