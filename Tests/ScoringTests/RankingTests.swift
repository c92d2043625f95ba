import Scoring
import XCTest

/// Reference values (scipy, numpy, sklearn, statsmodels, rbo) come from
/// Tests/ScoringTests/Reference/scoring_reference.py, section "RankingTests", run when the tests were written.
final class RankingTests: XCTestCase {
    // MARK: Ranks with ties

    func testRanksWithTiesAgainstScipyRankdata() throws {
        let scores: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
        // Highest first: 9 | 6 | 5 5 | 4 | 3 3 | 2 | 1 1. Competition: 1, 2, 3 3, 5, 6 6, 8, 9 9.
        // scipy 1.17.1 rankdata(-x, "min"), rankdata(-x, "dense"), rankdata(-x, "average") agree.
        XCTAssertEqual(try Ranking.competitionRanks(scores), [6, 9, 5, 9, 3, 1, 8, 2, 3, 6])
        XCTAssertEqual(try Ranking.denseRanks(scores), [5, 7, 4, 7, 3, 1, 6, 2, 3, 5])
        XCTAssertEqual(try Ranking.averageRanks(scores), [6.5, 9.5, 5, 9.5, 3.5, 1, 8, 2, 3.5, 6.5])
        // rankdata(x, "average"), lowest first.
        XCTAssertEqual(try Ranking.averageRanks(scores, .lowestFirst), [4.5, 1.5, 6, 1.5, 7.5, 10, 3, 9, 7.5, 4.5])
        // Ties keep their input order: the two 5s are items 4 then 8.
        XCTAssertEqual(try Ranking.order(scores), [5, 7, 4, 8, 2, 0, 9, 6, 1, 3])
    }

    func testRanksOfEdgeCases() throws {
        XCTAssertEqual(try Ranking.competitionRanks([]), [])
        XCTAssertEqual(try Ranking.competitionRanks([7, 7, 7]), [1, 1, 1])
        XCTAssertEqual(try Ranking.denseRanks([7, 7, 7]), [1, 1, 1])
        XCTAssertEqual(try Ranking.averageRanks([7, 7, 7]), [2, 2, 2])
        XCTAssertThrowsError(try Ranking.denseRanks([1, .nan], argument: "totals")) { error in
            XCTAssertEqual(error as? ScoringError, .notFinite(argument: "totals", index: 1))
        }
    }

    // MARK: Ranked retrieval

    func testPrecisionRecallAveragePrecisionAndReciprocalRankByHand() throws {
        // Relevant Z is never ranked: it still counts in recall and average precision.
        let query = try RankedQuery(ranked: ["A", "B", "C", "D", "E", "F"], relevant: ["A", "C", "F", "Z"])
        let cases: [(k: Int, precision: Double, recall: Double)] = [
            (1, 1, 0.25),
            (3, 2.0 / 3, 0.5),  // A, C in the top 3
            (6, 0.5, 0.75),  // A, C, F
            (10, 0.3, 0.75),  // divided by k = 10, not by the 6 ranked
        ]
        for c in cases {
            XCTAssertEqual(try query.precision(atK: c.k), c.precision, accuracy: 1e-15, "k = \(c.k)")
            assertEqual(try query.recall(atK: c.k), c.recall, "k = \(c.k)")
        }
        // Hits at positions 1, 3, 6: (1/1 + 2/3 + 3/6) / 4 relevant = 0.541667.
        assertEqual(query.averagePrecision, (1 + 2.0 / 3 + 0.5) / 4)
        assertEqual(query.reciprocalRank, 1)
        XCTAssertThrowsError(try query.precision(atK: 0))
    }

    func testPublishedTopFiveAsAQuery() throws {
        // Toufiq et al. 2023's M9.2 top five against a ranking that finds three of them.
        let published: Set = ["BCL2L1", "ALAS2", "SLC4A1", "CA1", "FECH"]
        let query = try RankedQuery(ranked: ["ALAS2", "HBD", "CA1", "EPB42", "FECH", "SLC4A1"], relevant: published)
        XCTAssertEqual(try query.precision(atK: 5), 0.6)  // ALAS2, CA1, FECH
        assertEqual(try query.recall(atK: 5), 0.6)
        // Hits at 1, 3, 5, 6: (1 + 2/3 + 3/5 + 4/6) / 5.
        assertEqual(query.averagePrecision, (1 + 2.0 / 3 + 0.6 + 4.0 / 6) / 5)
    }

    func testMeanAveragePrecisionAndMeanReciprocalRank() throws {
        let queries = [
            try RankedQuery(ranked: ["A", "B", "C", "D", "E", "F"], relevant: ["A", "C", "F", "Z"]),  // AP 0.541667, RR 1
            try RankedQuery(ranked: ["X", "Y", "A"], relevant: ["A"]),  // AP 1/3, RR 1/3
            try RankedQuery(ranked: ["X"], relevant: []),  // neither: left out and counted
            try RankedQuery(ranked: ["X"], relevant: ["Q"]),  // relevant never ranked: AP 0, RR 0
        ]
        let summary = try RetrievalSummary(queries: queries)
        // MAP = (0.541667 + 0.333333 + 0) / 3 = 0.291667; MRR = (1 + 1/3 + 0) / 3 = 0.444444.
        assertEqual(summary.meanAveragePrecision, ((1 + 2.0 / 3 + 0.5) / 4 + 1.0 / 3) / 3)
        assertEqual(summary.meanReciprocalRank, (1 + 1.0 / 3) / 3)
        XCTAssertEqual(summary.queriesWithoutRelevant, 1)
        XCTAssertEqual(summary.queryCount, 4)
        let none = try RetrievalSummary(queries: [queries[2]])
        XCTAssertNil(none.meanAveragePrecision)
        XCTAssertNil(none.meanReciprocalRank)
        XCTAssertThrowsError(try RetrievalSummary(queries: [RankedQuery<String>]()))
    }

    func testARankingThatRepeatsAnItemIsRefused() {
        XCTAssertThrowsError(try RankedQuery(ranked: ["A", "B", "A"], relevant: ["A"])) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "ranked: item at position 2 (A) is already ranked higher")
        }
    }

    // MARK: Graded relevance

    func testNormalizedDCGByHandAndAgainstSklearn() throws {
        // e (grade 1) is not ranked, but the ideal ordering 3, 3, 2, 1, 0 includes it.
        let query = try GradedQuery(ranked: ["a", "b", "c", "d"], relevance: ["a": 3, "b": 2, "c": 3, "d": 0, "e": 1])
        // DCG@4 = 3/1 + 2/log2(3) + 3/2 + 0 = 5.761860; ideal = 3 + 3/log2(3) + 2/2 + 1/log2(5) = 6.323466.
        // sklearn 1.9.1 ndcg_score([[3,2,3,0,1]], [[5,4,3,2,1]], k=4) = 0.9111869459345775.
        assertEqual(try query.normalizedDCG(atK: 4), 0.9111869459345775)
        // k = 2: (3 + 2/log2 3) / (3 + 3/log2 3) = 4.261860 / 4.892789; sklearn: 0.8710490642551529.
        assertEqual(try query.normalizedDCG(atK: 2), 0.8710490642551529)
        // k = 5 reaches past the ranked list: the empty fifth place gains nothing, the ideal still has e.
        assertEqual(try query.normalizedDCG(atK: 5), 0.9111869459345775)
        // With e ranked fifth, as sklearn ranks all five with no k: 0.9723642841729145.
        let complete = try GradedQuery(ranked: ["a", "b", "c", "d", "e"], relevance: query.relevance)
        assertEqual(try complete.normalizedDCG(atK: 5), 0.9723642841729145)
        // Exponential gain 2^g - 1: sklearn on the transformed grades [7, 3, 7, 0, 1], k = 4.
        assertEqual(try query.normalizedDCG(atK: 4, gain: .exponential), 0.9284946163333049)
    }

    func testNormalizedDCGEdgeCases() throws {
        let nothingRelevant = try GradedQuery(ranked: ["a"], relevance: ["a": 0])
        XCTAssertNil(try nothingRelevant.normalizedDCG(atK: 3))  // ideal DCG is 0: undefined
        let perfect = try GradedQuery(ranked: ["a", "b"], relevance: ["a": 2, "b": 1])
        assertEqual(try perfect.normalizedDCG(atK: 2), 1)
        XCTAssertThrowsError(try GradedQuery(ranked: ["a"], relevance: ["a": -1]))
        XCTAssertThrowsError(try GradedQuery(ranked: ["a"], relevance: ["a": .nan]))
    }

    // MARK: Scores against labels

    func testAveragePrecisionAndAUROCFromTiedScores() throws {
        let data = try BinaryScores(scores: [0.9, 0.8, 0.8, 0.6, 0.5, 0.4, 0.4, 0.2],
                                    positives: [true, false, true, true, false, false, true, false])
        // One step per distinct score: 0.9 (P 1, R .25), 0.8 (P 2/3, R .5), 0.6 (P 3/4, R .75),
        // 0.4 (P 4/7, R 1): .25*1 + .25*2/3 + .25*3/4 + .25*4/7 = 0.747024.
        // sklearn 1.9.1 average_precision_score: 0.7470238095238095.
        assertEqual(data.averagePrecision, 0.7470238095238095)
        // Positive-negative pairs won: 0.9 beats 4; 0.8 ties one and beats 3 (3.5); 0.6 beats 3;
        // 0.4 ties one and beats one (1.5): 12 / 16. sklearn roc_auc_score: 0.75.
        assertEqual(data.areaUnderROC, 0.75)
    }

    func testPrecisionAndRecallAtKCountTiesAtTheCutInProportion() throws {
        let data = try BinaryScores(scores: [5, 5, 5, 1], positives: [true, false, false, true])
        // k = 2 cuts the three-way tie at 5 (one positive): 2 places x 1/3 = 2/3 expected hits.
        assertEqual(try data.expectedHits(atK: 2), 2.0 / 3)
        assertEqual(try data.precision(atK: 2), 1.0 / 3)
        assertEqual(try data.recall(atK: 2), 1.0 / 3)
        assertEqual(try data.expectedHits(atK: 3), 1)
        assertEqual(try data.precision(atK: 4), 0.5)
        assertEqual(try data.recall(atK: 4), 1)
        // The same scores in another order give the same answer: input order never breaks ties.
        let shuffled = try BinaryScores(scores: [1, 5, 5, 5], positives: [true, false, false, true])
        assertEqual(try shuffled.expectedHits(atK: 2), 2.0 / 3)
        XCTAssertThrowsError(try data.precision(atK: 5)) { error in
            XCTAssertEqual(error as? ScoringError, .invalid(argument: "k", reason: "5 is more than the 4 items"))
        }
        XCTAssertThrowsError(try data.precision(atK: 0))
        XCTAssertNil(try BinaryScores(scores: [1, 2], positives: [false, false]).recall(atK: 1))
    }

    func testTopKInclusionAndExpectedOverlapWithTies() throws {
        // The cut at 2 splits the three-way tie at 5: each has a 2/3 chance; the 1 has none.
        XCTAssertEqual(try Ranking.topKInclusion([5, 1, 5, 5], k: 2).map { ($0 * 3).rounded() / 3 }, [2.0 / 3, 0, 2.0 / 3, 2.0 / 3])
        XCTAssertEqual(try Ranking.topKInclusion([3, 2, 1], k: 2), [1, 1, 0])
        // Two lists that tie everything share k / n of their top k by chance: (4 x 1/4) / 2.
        assertEqual(try Ranking.expectedTopKOverlap([5, 5, 5, 5], [1, 1, 1, 1], k: 2), 0.5)
        assertEqual(try Ranking.expectedTopKOverlap([3, 2, 1], [1, 2, 3], k: 1), 0)
        // [9, 7, 4, 0] against [8, 5, 7, 2], no ties: {A, B} and {A, C} share one of two.
        assertEqual(try Ranking.expectedTopKOverlap([9, 7, 4, 0], [8, 5, 7, 2], k: 2), 0.5)
        XCTAssertThrowsError(try Ranking.topKInclusion([1, 2], k: 3))
    }

    func testScoresWithOneClassOnly() throws {
        let allPositive = try BinaryScores(scores: [1, 2], positives: [true, true])
        XCTAssertNil(allPositive.areaUnderROC)
        assertEqual(allPositive.averagePrecision, 1)
        let allNegative = try BinaryScores(scores: [1, 2], positives: [false, false])
        XCTAssertNil(allNegative.averagePrecision)
        XCTAssertNil(allNegative.areaUnderROC)
        XCTAssertThrowsError(try BinaryScores(scores: [1, 2], positives: [true])) { error in
            XCTAssertEqual(error as? ScoringError,
                           .lengthMismatch(argument: "positives", expected: 2, found: 1, pairedWith: "scores"))
        }
        XCTAssertThrowsError(try BinaryScores(scores: [], positives: []))
    }

    // MARK: Correlations

    func testCorrelationsAgainstScipy() throws {
        let cases: [(x: [Double], y: [Double], spearman: Double, kendall: Double, pearson: Double)] = [
            // Adjacent pairs swapped: sum d^2 = 8, rho = 1 - 6*8 / (8*63) = 0.904762; 4 discordant of
            // 28 pairs: tau = (24 - 4) / 28 = 0.714286. Pearson equals Spearman here (ranks = values).
            ([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7], 0.9047619047619048, 0.7142857142857142, 0.9047619047619045),
            // Ties in both: 7 concordant, 1 discordant, one pair tied in each of x and y:
            // tau-b = 6 / sqrt(9 * 9) = 0.666667. Pearson: sxy 5.8 / sqrt(5.2 * 9.2) = 0.838557.
            ([1, 2, 2, 3, 4], [1, 3, 2, 2, 5], 0.7631578947368421, 0.6666666666666666, 0.8385566513510483),
            // 30 scores on a 0-10 scale with many ties (numpy default_rng(7)), scipy 1.17.1
            // spearmanr, kendalltau (tau-b), pearsonr.
            ([10, 6, 7, 9, 6, 8, 9, 2, 0, 3, 3, 9, 10, 0, 5, 9, 1, 8, 1, 5, 8, 3, 3, 3, 7, 2, 10, 4, 5, 5],
             [8, 6, 6.5, 9.5, 7, 8, 8.5, 4, 2, 6.5, 3.5, 5.5, 10, 0, 7.5, 7.5, 0.5, 4, 2.5, 2.5, 4, 4.5, 6.5, 3.5,
              7.5, 6, 9, 5, 4.5, 5.5],
             0.7596201554059087, 0.6230204376795404, 0.7680257842652067),
        ]
        for (index, c) in cases.enumerated() {
            assertEqual(try Correlation.spearman(c.x, c.y), c.spearman, "case \(index) Spearman")
            assertEqual(try Correlation.kendallTauB(c.x, c.y), c.kendall, "case \(index) Kendall")
            assertEqual(try Correlation.pearson(c.x, c.y), c.pearson, "case \(index) Pearson")
        }
    }

    func testCorrelationEdgeCases() throws {
        assertEqual(try Correlation.spearman([1, 2, 3], [30, 20, 10]), -1)
        assertEqual(try Correlation.kendallTauB([1, 2, 3], [30, 20, 10]), -1)
        // A constant list has no measurable correlation: nil, not 0.
        XCTAssertNil(try Correlation.spearman([1, 2, 3], [5, 5, 5]))
        XCTAssertNil(try Correlation.kendallTauB([5, 5, 5], [1, 2, 3]))
        XCTAssertNil(try Correlation.pearson([1, 2, 3], [5, 5, 5]))
        XCTAssertThrowsError(try Correlation.pearson([1], [1])) { error in
            XCTAssertEqual(error as? ScoringError, .tooFew(argument: "first", minimum: 2, found: 1))
        }
        XCTAssertThrowsError(try Correlation.kendallTauB([1, 2], [1, .infinity])) { error in
            XCTAssertEqual(error as? ScoringError, .notFinite(argument: "second", index: 1))
        }
        XCTAssertThrowsError(try Correlation.spearman([1, 2, 3], [1, 2]))
    }

    // MARK: Overlap of rankings

    func testRankBiasedOverlap() throws {
        // By hand, p = 0.5: [a, b] vs [b, a]: X1 = 0, X2 = 2; (1-p)/p * (0 + 2/2 * 0.25) + 2/2 * 0.25 = 0.5.
        XCTAssertEqual(try RankBiasedOverlap.extrapolated(["a", "b"], ["b", "a"], persistence: 0.5), 0.5, accuracy: 1e-15)
        // Uneven, p = 0.5: [a] vs [b, a]: s = 1, l = 2, X1 = 0, X2 = 1, Xs = 0:
        // (0 + 1/2 * 0.25) + ((1 - 0)/2 + 0) * 0.25 = 0.25.
        XCTAssertEqual(try RankBiasedOverlap.extrapolated(["a"], ["b", "a"], persistence: 0.5), 0.25, accuracy: 1e-15)
        // The `rbo` 0.1.3 package's RankingSimilarity(S, T).rbo_ext(p), computed when the test was written.
        XCTAssertEqual(try RankBiasedOverlap.extrapolated(Array("abcdefg"), Array("acbdfeh"), persistence: 0.9),
                       0.8659578571428571, accuracy: 1e-12)
        XCTAssertEqual(try RankBiasedOverlap.extrapolated(Array("abcde"), Array("bazcyxdw"), persistence: 0.8),
                       0.6015975619047619, accuracy: 1e-12)
        XCTAssertEqual(try RankBiasedOverlap.extrapolated(Array("abc"), Array("xyz"), persistence: 0.9), 0)
        XCTAssertEqual(try RankBiasedOverlap.extrapolated(Array("abc"), Array("abc"), persistence: 0.9), 1, accuracy: 1e-15)
        XCTAssertThrowsError(try RankBiasedOverlap.extrapolated(["a"], [], persistence: 0.9))
        XCTAssertThrowsError(try RankBiasedOverlap.extrapolated(["a"], ["a"], persistence: 1))
        XCTAssertThrowsError(try RankBiasedOverlap.extrapolated(["a"], ["b", "b"], persistence: 0.5)) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "second: item at position 1 (b) is already ranked higher")
        }
    }

    func testTopKOverlap() throws {
        // Toufiq et al.'s unweighted top five against a reweighted one that drops BCL2L1 for HBD.
        let unweighted = ["BCL2L1", "ALAS2", "SLC4A1", "CA1", "FECH", "HBD"]
        let reweighted = ["ALAS2", "SLC4A1", "HBD", "CA1", "FECH", "BCL2L1"]
        let top5 = try TopKOverlap(unweighted, reweighted, k: 5)
        XCTAssertEqual(top5.shared, 4)
        XCTAssertEqual(top5.overlap, 0.8)  // 4 / 5
        XCTAssertEqual(top5.jaccard, 4.0 / 6)  // 4 / (10 - 4)
        let top1 = try TopKOverlap(unweighted, reweighted, k: 1)
        XCTAssertEqual(top1.shared, 0)
        XCTAssertEqual(top1.jaccard, 0)
        XCTAssertEqual(try TopKOverlap(unweighted, unweighted, k: 6).jaccard, 1)
        XCTAssertThrowsError(try TopKOverlap(unweighted, reweighted, k: 7)) { error in
            XCTAssertEqual(error as? ScoringError, .tooFew(argument: "first", minimum: 7, found: 6))
        }
        XCTAssertThrowsError(try TopKOverlap(unweighted, reweighted, k: 0))
    }
}
