import Scoring
import XCTest

/// The two expert ratings (1-5) of OpenBioLLM-70B's answers to 50 real-world radiation-oncology
/// questions: shared/data/exams/radonc_realworld_50/questions_answers_evaluations.csv, columns
/// "Evaluation (questioner reviewer)" and "Evaluation (second reviewer)", from
/// med-data-tools/LLM-evaluation-in-RO (Dennstädt et al., JMIR 2025; MIT licence), copied here in
/// row order. Reference values: Tests/ScoringTests/Reference/scoring_reference.py, section
/// "the two expert ratings of radonc_realworld_50" (sklearn, krippendorff, scipy, pingouin).
final class ExpertRatingsTests: XCTestCase {
    let questioner = [4, 3, 4, 3, 1, 4, 4, 1, 3, 1, 3, 2, 5, 3, 3, 4, 4, 3, 3, 4, 4, 4, 3, 2, 5,
                      4, 4, 4, 4, 4, 1, 4, 4, 4, 2, 4, 1, 4, 2, 5, 4, 4, 4, 4, 4, 3, 2, 5, 5, 3]
    let second = [4, 2, 3, 3, 2, 5, 2, 3, 4, 2, 2, 2, 5, 4, 4, 4, 4, 3, 4, 4, 3, 2, 4, 4, 5,
                  3, 4, 5, 2, 3, 4, 1, 3, 4, 3, 4, 3, 5, 3, 3, 3, 2, 2, 4, 4, 1, 3, 4, 5, 3]

    func testCohenKappaOfTheTwoExperts() throws {
        let cases: [(CohenKappa.Weighting, Double)] = [
            (.none, 0.07457811649428425),
            (.linear, 0.18533604887983712),
            (.quadratic, 0.31389365351629495),
        ]
        for (weighting, expected) in cases {
            let kappa = try CohenKappa(first: questioner, second: second, categories: [1, 2, 3, 4, 5], weighting: weighting)
            assertEqual(kappa.kappa, expected, "\(weighting)")
        }
        // Exact agreement on 16 of 50 answers (counted from the two lists).
        let plain = try CohenKappa(first: questioner, second: second, categories: [1, 2, 3, 4, 5])
        XCTAssertEqual(plain.observedDisagreement, 34.0 / 50, accuracy: 1e-15)
    }

    func testOtherAgreementMeasuresOfTheTwoExperts() throws {
        let rows = zip(questioner, second).map { [Double($0), Double($1)] as [Double?] }
        assertEqual(try KrippendorffAlpha(ratings: rows, level: .ordinal).alpha, 0.3480380954897)
        assertEqual(try KrippendorffAlpha(ratings: rows, level: .interval).alpha, 0.3198213672277568)
        let a = questioner.map(Double.init), b = second.map(Double.init)
        assertEqual(try Correlation.spearman(a, b), 0.3388244863981515)
        assertEqual(try Correlation.kendallTauB(a, b), 0.2889096074651424)
        let icc = try IntraclassCorrelation(scores: zip(a, b).map { [$0, $1] })
        assertEqual(icc.oneWaySingle, 0.32203389830508466)
        assertEqual(icc.absoluteAgreementSingle, 0.3182608695652174)
        assertEqual(icc.consistencySingle, 0.31475748194014447)
    }
}
