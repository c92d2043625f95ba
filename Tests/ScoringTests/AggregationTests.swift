import Scoring
import XCTest

/// Reference values (scipy) come from Tests/ScoringTests/Reference/scoring_reference.py,
/// section "AggregationTests", run when the tests were written.
final class AggregationTests: XCTestCase {
    static let criteria = ["erythroid", "clinicalBiomarker", "bloodBiomarker", "leukocyte", "drugTarget", "immuneTherapy"]

    /// Made-up scores on Toufiq et al. 2023's six criteria, chosen so that the plain sums are the
    /// paper's 38 for BCL2L1 and 20 for ALAS2, with CA1 tied with ALAS2.
    static let scores: [String: [String: Double]] = [
        "BCL2L1": row([7, 6, 6, 7, 8, 4]),  // 38
        "ALAS2": row([10, 4, 5, 0, 0, 1]),  // 20
        "CA1": row([8, 4, 5, 1, 1, 1]),  // 20
        "SLC4A1": row([9, 3, 4, 0, 1, 0]),  // 17
        "FECH": row([8, 3, 2, 0, 1, 0]),  // 14
    ]

    static func row(_ values: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(criteria, values))
    }

    func testWeightsAreValidatedByName() {
        let cases: [([(name: String, weight: Double)], String)] = [
            ([], "weights: needs at least 1 value, found 0"),
            ([("a", 1), ("a", 2)], "weights[1]: criterion 'a' is named twice"),
            ([("", 1)], "weights[0]: criterion name is empty"),
            ([("a", 1), ("b", -0.5)], "weights[1]: weight -0.5 of 'b' is not a finite number >= 0"),
            ([("a", .nan)], "weights[0]: weight nan of 'a' is not a finite number >= 0"),
            ([("a", .infinity)], "weights[0]: weight inf of 'a' is not a finite number >= 0"),
            ([("a", 0), ("b", 0)], "weights: every weight is 0, so every total would be 0"),
        ]
        for (weights, message) in cases {
            XCTAssertThrowsError(try CriterionWeights(weights), message) { error in
                XCTAssertEqual((error as? ScoringError).map { "\($0)" }, message)
            }
        }
    }

    func testWeightedTotalNeedsExactlyTheCriteria() throws {
        let weights = try CriterionWeights([("a", 1), ("b", 2)])
        XCTAssertEqual(try weights.total(of: ["a": 3, "b": 4]), 11)  // 1*3 + 2*4
        XCTAssertThrowsError(try weights.total(of: ["a": 3], item: "ALAS2")) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "ALAS2: no score for criterion 'b'")
        }
        XCTAssertThrowsError(try weights.total(of: ["a": 3, "b": 4, "c": 1], item: "ALAS2")) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, #"ALAS2: criterion 'c' is not among the weighted ["a", "b"]"#)
        }
        XCTAssertThrowsError(try weights.total(of: ["a": .nan, "b": 4]))
        XCTAssertEqual(try weights.replacing("b", with: 0).total(of: ["a": 3, "b": 4]), 3)
        XCTAssertThrowsError(try weights.replacing("z", with: 0))
    }

    func testReplicateMeansAndSDs() throws {
        let weights = try CriterionWeights([("a", 1), ("b", 2)])
        // Totals per replicate: 7 + 2*2 = 11, 8 + 2*4 = 16, 9 + 2*3 = 15: mean 14,
        // SD sqrt((9 + 4 + 1) / 2) = sqrt(7). a: mean 8, SD 1; b: mean 3, SD 1.
        let summary = try ReplicateSummary(replicates: [["a": 7, "b": 2], ["a": 8, "b": 4], ["a": 9, "b": 3]], weights: weights)
        XCTAssertEqual(summary.replicateCount, 3)
        XCTAssertEqual(summary.criteria["a"]?.mean, 8)
        assertEqual(summary.criteria["a"]?.standardDeviation, 1)
        XCTAssertEqual(summary.criteria["b"]?.mean, 3)
        XCTAssertEqual(summary.total.mean, 14, accuracy: 1e-12)
        assertEqual(summary.total.standardDeviation, 7.0.squareRoot())
        XCTAssertThrowsError(try ReplicateSummary(replicates: [["a": 7, "b": 2], ["a": 8]], weights: weights, item: "CA1")) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "CA1[1]: no score for criterion 'b'")
        }
        XCTAssertThrowsError(try ReplicateSummary(replicates: [], weights: weights))
        XCTAssertNil(try ReplicateSummary(replicates: [["a": 7, "b": 2]], weights: weights).total.standardDeviation)
    }

    func testUnweightedRankingWithTies() throws {
        let ranking = try WeightedRanking(scores: Self.scores, weights: .equal(Self.criteria))
        // 38 | 20 20 | 17 | 14; ALAS2 and CA1 tie and are listed by id.
        XCTAssertEqual(ranking.ranked, ["BCL2L1", "ALAS2", "CA1", "SLC4A1", "FECH"])
        XCTAssertEqual(ranking.entries.map(\.total), [38, 20, 20, 17, 14])
        XCTAssertEqual(ranking.entries.map(\.rank), [1, 2, 2, 4, 5])
        XCTAssertEqual(ranking.entries.map(\.denseRank), [1, 2, 2, 3, 4])
        var broken = Self.scores
        broken["HBD"] = ["erythroid": 9]
        XCTAssertThrowsError(try WeightedRanking(scores: broken, weights: .equal(Self.criteria))) { error in
            XCTAssertEqual((error as? ScoringError).map { "\($0)" }, "scores[HBD]: no score for criterion 'clinicalBiomarker'")
        }
    }

    func testSensitivityOfTheTopToOtherWeightings() throws {
        let equal = try CriterionWeights.equal(Self.criteria)
        // Erythroid only: ALAS2 10, SLC4A1 9, CA1 8, FECH 8, BCL2L1 7.
        let erythroidOnly = try CriterionWeights(Self.criteria.map { (name: $0, weight: $0 == "erythroid" ? 1.0 : 0) })
        // Erythroid x5: totals + 4 * erythroid = BCL2L1 66, ALAS2 60, SLC4A1 53, CA1 52, FECH 46.
        let erythroidFive = try equal.replacing("erythroid", with: 5)
        let sensitivity = try WeightingSensitivity(scores: Self.scores, baseline: equal,
                                                   alternatives: [("erythroid only", erythroidOnly), ("erythroid x5", erythroidFive)],
                                                   k: 3)
        XCTAssertEqual(sensitivity.baseline.ranked.prefix(3), ["BCL2L1", "ALAS2", "CA1"])
        let only = sensitivity.comparisons[0], five = sensitivity.comparisons[1]
        XCTAssertEqual(only.topK, ["ALAS2", "SLC4A1", "CA1"])  // CA1 before FECH at 8: by id
        XCTAssertEqual(only.overlap.shared, 2)  // ALAS2, CA1
        XCTAssertEqual(only.overlap.jaccard, 0.5)  // 2 / 4
        XCTAssertEqual(five.topK, ["BCL2L1", "ALAS2", "SLC4A1"])
        XCTAssertEqual(five.overlap.shared, 2)
        // Totals by id (ALAS2, BCL2L1, CA1, FECH, SLC4A1): base [20, 38, 20, 14, 17].
        // Erythroid only [10, 7, 8, 8, 9]: 3 concordant, 5 discordant, one tie each: -2 / 9.
        // x5 [60, 66, 52, 46, 53]: 8 concordant, 1 discordant, one tie in base: 7 / sqrt(9 * 10).
        // scipy kendalltau: -0.2222222222222222, 0.7378647873726218.
        assertEqual(only.kendallTauB, -2.0 / 9)
        assertEqual(five.kendallTauB, 0.7378647873726218)
        XCTAssertThrowsError(try WeightingSensitivity(scores: Self.scores, baseline: equal,
                                                      alternatives: [("x", equal), ("x", equal)], k: 3))
        XCTAssertThrowsError(try WeightingSensitivity(scores: Self.scores, baseline: equal, alternatives: [], k: 6)) { error in
            XCTAssertEqual(error as? ScoringError,
                           .outOfRange(argument: "k", index: nil, value: 6, expected: "1...5 (the number of items)"))
        }
    }
}
