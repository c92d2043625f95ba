import ExamRunner
import Exams
import Provenance
import XCTest

/// The judge agreement table on a five-item set whose numbers were computed independently (see
/// `JudgeFixtures`): expert vs expert, each judge vs each expert and the experts' rounded mean,
/// the panel median; unrated items counted apart.
final class JudgeAgreementTests: XCTestCase {
    func testAgreementRowsMatchHandComputedValues() throws {
        let report = try JudgePanelReport(dataset: "tiny", expert: JudgeFixtures.experts, runs: [
            JudgeFixtures.run("judge-a", JudgeFixtures.judgeA), JudgeFixtures.run("judge-b", JudgeFixtures.judgeB),
        ])
        JudgeFixtures.assertHandComputed(report)
        XCTAssertEqual(report.judges.map(\.rated), [3, 5])
        XCTAssertEqual(report.judges.map(\.unparseable), [1, 0])
        XCTAssertEqual(report.judges.map(\.failed), [1, 0])
        XCTAssertTrue(report.markdown.contains("| judge-a | expert: questioner | 3 | 2 (67%) | 0.667 | 0.778 | 3.67 | 4.00 |  |"), report.markdown)
    }

    func testNoPanelRowsWithOneJudgeAndRoundingHalfUp() throws {
        let report = try JudgePanelReport(dataset: "tiny", expert: [(2, 3), (4, 5)], runs: [
            JudgeFixtures.run("solo", [.rated(["rating": 3], rationale: ""), .rated(["rating": 5], rationale: "")]),
        ])
        XCTAssertEqual(report.rows.count, 4)
        // The experts' means 2.5 and 4.5 round up to 3 and 5: the judge agrees exactly with both.
        let mean = try XCTUnwrap(report.rows.first { $0.second == "expert mean" })
        XCTAssertEqual(mean.exactAgreements, 2)
        XCTAssertEqual(mean.meanSecond, 4)
    }

    func testARunWithNoRatingGetsANoteNotACrash() throws {
        let report = try JudgePanelReport(dataset: "tiny", expert: [(2, 3)], runs: [
            JudgeFixtures.run("mute", [.failed(error: "HTTP 500")]),
        ])
        let row = try XCTUnwrap(report.rows.first { $0.first == "mute" })
        XCTAssertEqual(row.n, 0)
        XCTAssertEqual(row.note, "no item rated by both")
        XCTAssertEqual(report.judges.first?.failed, 1)
    }

    func testVerdictParsing() throws {
        let judge = try JudgeRubric(promptsRoot: URL(fileURLWithPath: "\(ExamFixtures.repository)/Prompts"))
        XCTAssertTrue(judge.isExpertScale)
        XCTAssertEqual(judge.verdict(fromReply: #"{"rationale": "fine", "rating": 4}"#), .rated(["rating": 4], rationale: "fine"))
        XCTAssertEqual(judge.verdict(fromReply: "```json\n{\"rating\": 2}\n```"), .rated(["rating": 2], rationale: ""))
        XCTAssertEqual(judge.verdict(fromReply: #"{"rating": 6}"#),
                       .unparseable(raw: #"{"rating": 6}"#, reason: "$.rating: expected a whole number 1-5, found 6"))
        XCTAssertEqual(judge.verdict(fromReply: #"{"rating": 3.5}"#).rating, nil)
        XCTAssertEqual(judge.verdict(fromReply: "I rate it 4."), .unparseable(raw: "I rate it 4.", reason: "$: no JSON object in the reply"))
    }

    /// A judge named like a rubric file rates on its dimensions: the prompt shows them with their
    /// anchors, the reply schema is the rubric's, and each dimension is read on its own scale.
    func testRubricJudgeReadsEveryDimension() throws {
        let judge = try JudgeRubric(promptsRoot: URL(fileURLWithPath: "\(ExamFixtures.repository)/Prompts"), name: "case-answer")
        XCTAssertEqual(judge.dimensions, ["correctness", "comprehensiveness", "novelty", "hallucination"])
        XCTAssertFalse(judge.isExpertScale)
        let prompt = judge.prompt(question: "Which dose?", answer: "60 Gy.")
        XCTAssertTrue(prompt.contains("Which dose?") && prompt.contains("60 Gy."))
        XCTAssertTrue(prompt.contains("hallucination (0-2): "), prompt)
        XCTAssertTrue(prompt.contains("  2 = An invented fact that could mislead care."), prompt)
        XCTAssertFalse(prompt.contains("{{"), prompt)
        XCTAssertEqual(judge.schema["required"], ["rationale", "correctness", "comprehensiveness", "novelty", "hallucination"])
        let reply = #"{"rationale": "ok", "correctness": 3, "comprehensiveness": 2, "novelty": 0, "hallucination": 1}"#
        let verdict = judge.verdict(fromReply: reply)
        XCTAssertEqual(verdict.rating("correctness"), 3)
        XCTAssertEqual(verdict.rating("hallucination"), 1)
        XCTAssertNil(verdict.rating, "no overall rating on this rubric")
        XCTAssertEqual(judge.verdict(fromReply: #"{"correctness": 5, "comprehensiveness": 2, "novelty": 0, "hallucination": 1}"#),
                       .unparseable(raw: #"{"correctness": 5, "comprehensiveness": 2, "novelty": 0, "hallucination": 1}"#,
                                    reason: "$.correctness: expected a whole number 1-4, found 5"))
        let expert = try JudgeRubric(promptsRoot: URL(fileURLWithPath: "\(ExamFixtures.repository)/Prompts"))
        XCTAssertNotEqual(judge.hash, expert.hash)
    }
}

/// A five-item set rated by hand for the judge tests.
///
/// Experts: questioner [5,4,3,2,4], second [5,3,3,1,4]; their mean rounded half up [5,4,3,2,4].
/// Judge A rates the first three [4,4,3]; item 4 is unparseable, item 5 failed. Judge B rates
/// [5,3,2,2,4]. The panel median covers items 1-3: median(4,5)=4.5->5, (4,3)->4, (3,2)->3.
///
/// Quadratic-weighted kappa is 1 - mean((a-b)^2) / E[(a-b)^2] under independent marginals, and
/// E[(a-b)^2] = var(a) + var(b) + (mean a - mean b)^2 (population variances). Questioner vs second:
/// squared differences 0,1,0,1,0 -> 0.4; means 3.6 and 3.2, variances 1.04 and 1.76 -> 2.96;
/// kappa = 1 - 0.4/2.96 = 32/37. Krippendorff's ordinal alpha from the coincidence matrix with
/// ordinal distances (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). Every row
/// in exact fractions by Benchmarks/exams/judge_agreement_reference.py (Python, no Swift code).
enum JudgeFixtures {
    static let experts = [(5, 5), (4, 3), (3, 3), (2, 1), (4, 4)]
    static let judgeA: [JudgeVerdict] = [
        .rated(["rating": 4], rationale: "a"), .rated(["rating": 4], rationale: "b"), .rated(["rating": 3], rationale: "c"),
        .unparseable(raw: "I cannot rate this.", reason: "no JSON object in the reply"), .failed(error: "HTTP 500"),
    ]
    static let judgeB: [JudgeVerdict] = [5, 3, 2, 2, 4].map { .rated(["rating": $0], rationale: "") }

    static func run(_ label: String, _ verdicts: [JudgeVerdict]) -> JudgeRun {
        JudgeRun(runID: RunID(label), label: label, itemIDs: verdicts.indices.map { "radonc-\($0 + 1)" }, verdicts: verdicts)
    }

    /// (rater A, rater B, n, exact, kappa, alpha, mean A, mean B)
    static let expected: [(String, String, Int, Int, Double, Double, Double, Double)] = [
        ("expert: questioner", "expert: second", 5, 3, 32.0 / 37, 23.0 / 26, 18.0 / 5, 16.0 / 5),
        ("judge-a", "expert: questioner", 3, 2, 2.0 / 3, 7.0 / 9, 11.0 / 3, 4),
        ("judge-a", "expert: second", 3, 1, 2.0 / 5, 19.0 / 36, 11.0 / 3, 11.0 / 3),
        ("judge-a", "expert mean", 3, 2, 2.0 / 3, 7.0 / 9, 11.0 / 3, 4),
        ("judge-b", "expert: questioner", 5, 3, 27.0 / 32, 53.0 / 62, 16.0 / 5, 18.0 / 5),
        ("judge-b", "expert: second", 5, 3, 34.0 / 39, 1427.0 / 1580, 16.0 / 5, 16.0 / 5),
        ("judge-b", "expert mean", 5, 3, 27.0 / 32, 53.0 / 62, 16.0 / 5, 18.0 / 5),
        ("panel median", "expert: questioner", 3, 3, 1, 1, 4, 4),
        ("panel median", "expert: second", 3, 2, 4.0 / 5, 7.0 / 9, 4, 11.0 / 3),
        ("panel median", "expert mean", 3, 3, 1, 1, 4, 4),
    ]

    static func assertHandComputed(_ report: JudgePanelReport, labels: [String: String] = [:],
                                   file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(report.rows.count, expected.count, file: file, line: line)
        for (row, want) in zip(report.rows, expected) {
            let name = "\(want.0) vs \(want.1)"
            XCTAssertEqual(row.first, labels[want.0] ?? want.0, name, file: file, line: line)
            XCTAssertEqual(row.second, want.1, name, file: file, line: line)
            XCTAssertEqual(row.n, want.2, name, file: file, line: line)
            XCTAssertEqual(row.exactAgreements, want.3, name, file: file, line: line)
            XCTAssertEqual(row.weightedKappa ?? .nan, want.4, accuracy: 1e-12, name, file: file, line: line)
            XCTAssertEqual(row.ordinalAlpha ?? .nan, want.5, accuracy: 1e-12, name, file: file, line: line)
            XCTAssertEqual(row.meanFirst ?? .nan, want.6, accuracy: 1e-12, name, file: file, line: line)
            XCTAssertEqual(row.meanSecond ?? .nan, want.7, accuracy: 1e-12, name, file: file, line: line)
        }
    }
}
