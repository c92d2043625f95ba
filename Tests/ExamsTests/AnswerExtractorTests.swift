import Support
import XCTest
@testable import Exams

/// Realistic replies, each with the outcome the cascade must give. Replies were written after
/// outputs seen from small instruct models (SmolLM2, Gemma 3, Qwen 2.5) and chat APIs.
final class AnswerExtractorTests: XCTestCase {
    let extractor = AnswerExtractor()

    /// An MCQ shaped like MedQA's, key C.
    static func mcq() throws -> ExamItem {
        try ExamItem(id: "t", stem: "First-line drug for type 2 diabetes?", format: .multipleChoice,
                     options: [ExamOption(label: "A", text: "Insulin glargine"), ExamOption(label: "B", text: "Glipizide"),
                               ExamOption(label: "C", text: "Metformin"), ExamOption(label: "D", text: "Metformin and insulin glargine")],
                     key: "C")
    }

    static func yesNoMaybe() throws -> ExamItem {
        try ExamItem(id: "p", stem: "Does X cause Y?", format: .yesNoMaybe,
                     options: ["yes", "no", "maybe"].map { ExamOption(label: $0, text: $0) }, key: "no")
    }

    enum Expect: Equatable {
        case answer(String, ExtractionRule)
        case unparseable, empty, refusal
    }

    func expectation(_ e: Extraction) -> Expect {
        switch e {
        case .answer(let label, let rule): return .answer(label, rule)
        case .empty: return .empty
        case .refusal: return .refusal
        case .unparseable: return .unparseable
        }
    }

    func testMultipleChoiceTable() throws {
        let item = try Self.mcq()
        let table: [(String, Expect)] = [
            // Answer lines
            ("Answer: C", .answer("C", .answerLine)),
            ("Let me think. Metformin lowers hepatic glucose output.\nAnswer: C", .answer("C", .answerLine)),
            ("**Answer:** B", .answer("B", .answerLine)),
            ("ANSWER: $B$", .answer("B", .answerLine)),
            ("Answer: (C) Metformin", .answer("C", .answerLine)),
            ("Final answer: \\boxed{C}", .answer("C", .answerLine)),
            ("answer: c", .answer("C", .answerLine)),
            ("Answer: (b)", .answer("B", .answerLine)),
            ("Answer: Metformin", .answer("C", .answerLine)),
            ("Answer: A\nWait, that is wrong.\nAnswer: C", .answer("C", .answerLine)),  // the last line counts
            ("Answer: B and C", .unparseable),
            ("Answer: A or B", .unparseable),
            ("Answer: E", .unparseable),  // not an option: not silently something else
            ("Answer: I think it is C", .answer("C", .answerLine)),
            ("The correct answer: D. Metformin and insulin glargine", .answer("D", .answerLine)),
            // Bare labels
            ("C", .answer("C", .bareLabel)),
            ("c", .answer("C", .bareLabel)),
            ("(C)", .answer("C", .bareLabel)),
            ("C)", .answer("C", .bareLabel)),
            ("C.", .answer("C", .bareLabel)),
            ("**C**", .answer("C", .bareLabel)),
            ("\\boxed{C}", .answer("C", .bareLabel)),
            ("$\\boxed{\\text{C}}$", .answer("C", .bareLabel)),
            ("  B  \n", .answer("B", .bareLabel)),
            ("(b)", .answer("B", .bareLabel)),
            ("F", .unparseable),
            // Leading labels
            ("C. Metformin is first line because it lowers hepatic gluconeogenesis.", .answer("C", .leadingLabel)),
            ("B) Glipizide", .answer("B", .leadingLabel)),
            ("(d) both together", .answer("D", .leadingLabel)),
            ("A/B", .unparseable),
            // Phrases
            ("The answer is C.", .answer("C", .answerPhrase)),
            ("The correct answer is (C) Metformin.", .answer("C", .answerPhrase)),
            ("The answer is not A, it is C", .answer("C", .answerPhrase)),
            ("I would choose option B because sulfonylureas work.", .answer("B", .answerPhrase)),
            ("It's D.", .answer("D", .answerPhrase)),
            ("The best choice is $\\boxed{C}$.", .answer("C", .answerPhrase)),
            ("The answer is a combination of diet and exercise.", .unparseable),  // article "a", not option A
            ("Option A is wrong. Option C is right.", .unparseable),  // two options named: no guess
            ("The answer is A or B", .unparseable),
            ("A or B", .unparseable),
            ("B and C", .unparseable),
            // Option text
            ("Metformin", .answer("C", .optionText)),
            ("I would start metformin.", .answer("C", .optionText)),
            ("Metformin and insulin glargine", .answer("D", .optionText)),  // "metformin" yields to the longer match
            ("Either glipizide or metformin could work.", .unparseable),
            // Chains of thought that walk through the options
            ("Let's look at each option: A) insulin is not first line.\nB) Glipizide causes hypoglycemia.\nThe answer is C.", .answer("C", .answerPhrase)),
            ("A) Insulin glargine: not first line.\nB) Glipizide: second line.\nC) Metformin: first line.\nSo the answer is C.", .answer("C", .answerPhrase)),
            ("A) Insulin glargine: not first line.\nC) Metformin: first line.", .unparseable),  // a list, not an answer
            ("The answer is C. The answer is not D.", .answer("C", .answerPhrase)),
            ("Answer: The answer is (C)", .answer("C", .answerLine)),
            ("Answer:\n\nC", .answer("C", .answerLine)),  // nothing after the colon: the next line
            // Empty, refusal, nothing
            ("", .empty),
            ("   \n\t", .empty),
            ("**", .empty),
            ("I cannot provide medical advice. Please consult a doctor.", .refusal),
            ("As an AI, I am not able to answer clinical questions.", .refusal),
            ("I can't be sure, but Answer: C", .answer("C", .answerLine)),  // an answer beats a hedge
            ("This question is about diabetes management.", .unparseable),
        ]
        for (reply, expected) in table {
            XCTAssertEqual(expectation(extractor.extract(reply, for: item)), expected, "reply: \(reply.debugDescription)")
        }
    }

    func testYesNoMaybeTable() throws {
        let pubmed = try Self.yesNoMaybe()
        let table: [(String, Expect)] = [
            ("no", .answer("no", .bareLabel)),
            ("No.", .answer("no", .bareLabel)),
            ("MAYBE", .answer("maybe", .bareLabel)),
            ("Answer: yes", .answer("yes", .answerLine)),
            ("The study found no effect.\nFinal answer: **No**", .answer("no", .answerLine)),
            ("Yes, the cohort shows a clear association.", .answer("yes", .leadingLabel)),
            ("Based on the abstract, the answer is maybe.", .answer("maybe", .answerPhrase)),
            ("The answer is not yes; the evidence is mixed, so the answer is maybe", .answer("maybe", .answerPhrase)),
            ("Answer: yes or no", .unparseable),
            ("No significant difference was found, so the answer is yes.", .answer("yes", .answerPhrase)),
            ("Maybe not.", .unparseable),  // maybe, or no? left for a reader
            ("Yes or no: it depends on the cohort.", .unparseable),
            ("The abstract reports no significant difference.", .unparseable),  // "no" inside prose is not an answer
            ("", .empty),
        ]
        for (reply, expected) in table {
            XCTAssertEqual(expectation(extractor.extract(reply, for: pubmed)), expected, "reply: \(reply.debugDescription)")
        }
    }

    func testOutcomesKeepRawRepliesAndTransportErrors() throws {
        let item = try Self.mcq()
        XCTAssertEqual(extractor.score(.text("Answer: C"), for: item).outcome, .correct(label: "C"))
        XCTAssertEqual(extractor.score(.text("Answer: B"), for: item).outcome, .wrong(label: "B"))
        XCTAssertEqual(extractor.score(.text("A or B"), for: item).outcome, .unparseable(raw: "A or B"))
        XCTAssertEqual(extractor.score(.text(" "), for: item).outcome, .empty)
        XCTAssertEqual(extractor.score(.text("I can't help with that."), for: item).outcome,
                       .refusal(raw: "I can't help with that."))
        let failed = extractor.score(.transportError("HTTP 503 after 3 tries"), for: item)
        XCTAssertEqual(failed.outcome, .transportError(message: "HTTP 503 after 3 tries"))
        XCTAssertNil(failed.rule)
        XCTAssertEqual(extractor.score(.text("C"), for: item).extractorVersion, AnswerExtractor.currentVersion)
    }

    func testRescoringIsPureAndNamesUnknownItems() throws {
        let item = try Self.mcq(), pubmed = try Self.yesNoMaybe()
        let stored = [StoredReply(itemID: "t", reply: .text("The answer is C")),
                      StoredReply(itemID: "p", reply: .text("no")),
                      StoredReply(itemID: "t", reply: .transportError("timeout"))]
        let first = try extractor.rescore(stored, items: [item, pubmed])
        let second = try extractor.rescore(stored, items: [item, pubmed])
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.map(\.outcome.kind), ["correct", "correct", "transport-error"])
        XCTAssertThrowsError(try extractor.rescore([StoredReply(itemID: "zz", reply: .text("A"))], items: [item])) {
            XCTAssertTrue("\($0)".contains("item zz"), "\($0)")
        }
    }

    func testEveryRefusalPatternCompiles() throws {
        for pattern in AnswerExtractor.refusalPatterns {
            XCTAssertNoThrow(try NSRegularExpression(pattern: pattern), pattern)
        }
    }
}

final class StoredJSONTests: XCTestCase {
    func testRepliesAndScoresRoundTripThroughJSONText() throws {
        let replies = [StoredReply(itemID: "q1", reply: .text("Answer: \"B\"\n")), StoredReply(itemID: "q2", reply: .transportError("HTTP 429"))]
        for reply in replies {
            XCTAssertEqual(try StoredReply(json: try JSONValue(parsing: reply.json.canonicalText)), reply)
        }
        let outcomes: [ItemOutcome] = [.correct(label: "A"), .wrong(label: "yes"), .unparseable(raw: "A or B"), .empty,
                                       .refusal(raw: "I cannot"), .transportError(message: "timeout")]
        for outcome in outcomes {
            let scored = ScoredItem(itemID: "q", outcome: outcome, rule: outcome.predictedLabel == nil ? nil : .answerLine, extractorVersion: "1")
            XCTAssertEqual(try ScoredItem(json: try JSONValue(parsing: scored.json.canonicalText)), scored)
        }
    }

    func testBadStoredJSONNamesTheField() {
        XCTAssertThrowsError(try StoredReply(json: ["item": "q"])) { XCTAssertEqual("\($0)", "missing text or transportError") }
        XCTAssertThrowsError(try ScoredItem(json: ["item": "q", "outcome": "right", "extractor": "1"])) {
            XCTAssertEqual("\($0)", "outcome: unknown outcome \"right\"")
        }
        XCTAssertThrowsError(try ScoredItem(json: ["item": "q", "outcome": "correct", "extractor": "1"])) {
            XCTAssertEqual("\($0)", "missing label")
        }
    }
}

/// Shapes found by running every reply style over the full MedQA, MedMCQA and MMLU sets
/// (235,620 replies; none was read as another option after these rules).
final class ExtractorCollisionTests: XCTestCase {
    let extractor = AnswerExtractor()

    func testALoneLetterThatIsAlsoAnOptionsTextIsAmbiguous() throws {
        // MedQA test line 710: options A "B", B "C", C "D", D "E".
        let letters = try ExamItem(id: "medqa-710", stem: "Which letter?", format: .multipleChoice,
                                   options: zip(["A", "B", "C", "D"], ["B", "C", "D", "E"]).map { ExamOption(label: $0, text: $1) }, key: "A")
        XCTAssertEqual(extractor.extract("B", for: letters).rule, nil)
        XCTAssertEqual(extractor.extract("Answer: B", for: letters).rule, nil)
        XCTAssertEqual(extractor.extract("Answer: (A) B", for: letters), .answer(label: "A", rule: .answerLine))
        // MedMCQA combination items: options "a", "c", "bc", "ad" name statements in the stem.
        let combos = try ExamItem(id: "f2f90872", stem: "a) ... b) ... c) ... d) ...", format: .multipleChoice,
                                  options: zip(["A", "B", "C", "D"], ["a", "c", "bc", "ad"]).map { ExamOption(label: $0, text: $1) }, key: "C")
        XCTAssertEqual(extractor.extract("c", for: combos).rule, nil)
        XCTAssertEqual(extractor.extract("bc", for: combos), .answer(label: "C", rule: .optionText))
        XCTAssertEqual(extractor.extract("Answer: ad", for: combos), .answer(label: "D", rule: .answerLine))
    }

    func testGenusAbbreviationIsNotALeadingLabel() throws {
        let item = try ExamItem(id: "be284b52", stem: "Most frequent anaerobe?", format: .multipleChoice,
                                options: [ExamOption(label: "A", text: "B. fragilis"), ExamOption(label: "B", text: "C. perfringens"),
                                          ExamOption(label: "C", text: "E. coli"), ExamOption(label: "D", text: "S. aureus")], key: "A")
        XCTAssertEqual(extractor.extract("B. fragilis is the most frequent anaerobe isolated from clinical samples", for: item),
                       .answer(label: "A", rule: .optionText))
        XCTAssertEqual(extractor.extract("E. coli", for: item), .answer(label: "C", rule: .optionText))
        XCTAssertEqual(extractor.extract("B. C. perfringens", for: item), .answer(label: "B", rule: .leadingLabel))
    }
}
