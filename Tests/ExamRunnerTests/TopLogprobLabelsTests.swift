import Exams
@testable import ExamRunner
import Foundation
import XCTest

/// Remote mode (b): label log-probabilities from a server's top alternatives, checked by hand.
final class TopLogprobLabelsTests: XCTestCase {
    func testSpellingsOfALabelAddUpAndMissingLabelsGetZeroProbability() throws {
        let top: [(token: String, logprob: Double)] = [("B", log(0.6)), (" B", log(0.2)),
                   ("A", log(0.1)), ("a", log(0.05)),
                   ("The", log(0.01))]
        let values = TopLogprobLabels.logProbabilities(top, labels: ["A", "B", "C", "D"])
        XCTAssertEqual(try XCTUnwrap(values["B"]), log(0.8), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(values["A"]), log(0.1), accuracy: 1e-12, "lower-case 'a' is not the letter")
        XCTAssertEqual(values["C"], -.infinity)
        let letters = try LetterProbabilities(logProbabilities: values, labels: ["A", "B", "C", "D"])
        XCTAssertEqual(letters.probabilities[0], 0.1 / 0.9, accuracy: 1e-12)
        XCTAssertEqual(letters.probabilities[1], 0.8 / 0.9, accuracy: 1e-12)
        XCTAssertEqual(letters.predicted, "B")
    }

    func testWordLabelsMatchAnyCaseAndNoLabelAtAllIsAnError() throws {
        let top: [(token: String, logprob: Double)] = [("Yes", log(0.5)), (" yes", log(0.2)),
                   ("No", log(0.1))]
        let values = TopLogprobLabels.logProbabilities(top, labels: ["yes", "no", "maybe"])
        XCTAssertEqual(try XCTUnwrap(values["yes"]), log(0.7), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(values["no"]), log(0.1), accuracy: 1e-12)
        XCTAssertEqual(values["maybe"], -.infinity)
        let none = TopLogprobLabels.logProbabilities([("The", -0.1)], labels: ["A", "B"])
        XCTAssertThrowsError(try LetterProbabilities(logProbabilities: none, labels: ["A", "B"]))
    }
}
