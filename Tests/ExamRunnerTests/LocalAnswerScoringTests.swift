@testable import ExamRunner
import Exams
import Provenance
import Support
import XCTest

/// How the stored answer of a mode (a) or (b) call is read back and scored (hand-computed values).
final class LocalAnswerScoringTests: XCTestCase {
    let item = try! ExamItem(id: "i1", stem: "Which?", format: .multipleChoice,
                             options: [ExamOption(label: "A", text: "short"), ExamOption(label: "B", text: "a much longer option")],
                             key: "B")

    func testLikelihoodAnswerRoundTripsAndScoresRawAndNormalized() throws {
        // A: -6 over 2 tokens (-3 each); B: -8 over 8 tokens (-1 each): raw picks A, normalized picks B.
        let answer = LocalAnswerJSON.json([OptionLikelihood(label: "A", logLikelihood: -6, length: 2),
                                           OptionLikelihood(label: "B", logLikelihood: -8, length: 8)])
        let stored = CallOutcome.valid(raw: answer.canonicalText, parsed: try JSONValue(parsing: answer.canonicalText))
        let (scored, choice) = ExamRunScoring.likelihoodScore(stored, shown: item, extractor: AnswerExtractor())
        XCTAssertEqual(scored.outcome, .wrong(label: "A"))
        XCTAssertEqual(choice?.predictedNormalized, "B")
    }

    func testLetterAnswerKeepsMinusInfinityAsNullAndScores() throws {
        let answer = LocalAnswerJSON.json(letterLogProbabilities: ["A": -.infinity, "B": -0.1])
        XCTAssertEqual(answer.canonicalText, #"{"letterLogProbabilities":{"A":null,"B":-0.1}}"#)
        let stored = CallOutcome.valid(raw: answer.canonicalText, parsed: try JSONValue(parsing: answer.canonicalText))
        let (scored, distribution) = ExamRunScoring.letterScore(stored, shown: item, extractor: AnswerExtractor())
        XCTAssertEqual(scored.outcome, .correct(label: "B"))
        XCTAssertEqual(distribution?.probabilities, [0, 1])
    }

    func testAFailedOrMalformedLocalAnswerIsAnOutcomeNotACrash() {
        let failed = ExamRunScoring.letterScore(.failed(error: "context full", raw: nil), shown: item, extractor: AnswerExtractor())
        XCTAssertEqual(failed.0.outcome, .transportError(message: "context full"))
        let malformed = ExamRunScoring.likelihoodScore(.valid(raw: "{}", parsed: [:]), shown: item, extractor: AnswerExtractor())
        XCTAssertEqual(malformed.0.outcome, .unparseable(raw: "{}"))
        XCTAssertNil(malformed.1)
    }

    func testRepeatsVoteAndKeepTheWinningRule() throws {
        let replies = [ScoredItem(itemID: "i1", outcome: .wrong(label: "A"), rule: .bareLabel, extractorVersion: "1"),
                       ScoredItem(itemID: "i1", outcome: .correct(label: "B"), rule: .answerLine, extractorVersion: "1"),
                       ScoredItem(itemID: "i1", outcome: .correct(label: "B"), rule: .answerPhrase, extractorVersion: "1")]
        let voted = try ExamRunScoring.vote(replies, key: "B")
        XCTAssertEqual(voted.outcome, .correct(label: "B"))
        XCTAssertEqual(voted.rule, .answerLine)
    }
}
