import XCTest
@testable import Exams

/// The extractor on the committed subsets' real items: replies in the styles models use, for
/// the key and for every other option, must be read as that option or left unparseable, never
/// read as a different option.
final class ExtractionOnRealItemsTests: XCTestCase {
    static let styles: [(String, (ExamOption) -> String)] = [
        ("answer line", { "Answer: \($0.label)" }),
        ("answer line with text", { "Let me think step by step.\nAnswer: (\($0.label)) \($0.text)" }),
        ("bare", { $0.label }),
        ("bare lower-case", { $0.label.lowercased() }),
        ("bold", { "**\($0.label)**" }),
        ("boxed", { "The final answer is $\\boxed{\($0.label)}$." }),
        ("phrase", { "The correct answer is \($0.label)." }),
        ("leading", { "\($0.label). \($0.text)" }),
        ("echoed text", { $0.text }),
    ]

    func check(_ name: String, mustRead: Set<String>) throws {
        let items = try TestData.subsets.load(name).dataset.items
        let extractor = AnswerExtractor()
        var read = 0, total = 0
        for item in items {
            for option in item.options {
                for (style, make) in Self.styles {
                    let reply = make(option)
                    total += 1
                    switch extractor.extract(reply, for: item) {
                    case .answer(let label, _):
                        XCTAssertEqual(label, option.label, "\(item.id) \(style): \(reply)")
                        read += 1
                    case .unparseable:
                        // Only the echoed text may fail (an option's text inside another's).
                        XCTAssertTrue(style == "echoed text" || !mustRead.contains(style), "\(item.id) \(style): \(reply)")
                    case .empty, .refusal:
                        XCTFail("\(item.id) \(style): \(reply)")
                    }
                }
            }
        }
        // Nearly everything is read: echoed texts fail only when options contain one another.
        XCTAssertGreaterThan(Double(read) / Double(total), 0.97, name)
    }

    func testMedQA() throws { try check("medqa-usmle-4opt", mustRead: Set(Self.styles.map(\.0)).subtracting(["echoed text"])) }
    func testMedMCQA() throws { try check("medmcqa-dev", mustRead: Set(Self.styles.map(\.0)).subtracting(["echoed text"])) }
    func testMMLU() throws { try check("mmlu-medical-test", mustRead: Set(Self.styles.map(\.0)).subtracting(["echoed text"])) }

    func testNegationsAndPairsOnMedQA() throws {
        let items = try TestData.subsets.load("medqa-usmle-4opt").dataset.items
        let extractor = AnswerExtractor()
        for item in items {
            for x in item.labels {
                for y in item.labels where y != x {
                    XCTAssertEqual(extractor.extract("The answer is not \(x), it is \(y).", for: item).rule, .answerPhrase)
                    XCTAssertEqual(extractor.extract("The answer is not \(x), it is \(y).", for: item),
                                   .answer(label: y, rule: .answerPhrase))
                    XCTAssertNil(extractor.extract("\(x) or \(y)", for: item).rule, "\(x) or \(y)")
                    XCTAssertNil(extractor.extract("Answer: \(x) and \(y)", for: item).rule)
                    XCTAssertNil(extractor.extract("Option \(x) is plausible, but option \(y) also fits.", for: item).rule)
                }
            }
        }
    }

    func testPubMedQAWords() throws {
        let items = try TestData.subsets.load("pubmedqa-test").dataset.items
        let extractor = AnswerExtractor()
        for item in items {
            for word in item.labels {
                for reply in ["Answer: \(word)", word.capitalized + ".", "Based on the abstract, the answer is \(word).",
                              "\(word.capitalized), the study supports this.", "**\(word.uppercased())**"] {
                    XCTAssertEqual(extractor.extract(reply, for: item), .answer(label: word, rule: extractor.extract(reply, for: item).rule ?? .bareLabel), reply)
                }
            }
        }
    }
}

extension Extraction {
    var rule: ExtractionRule? { if case .answer(_, let rule) = self { return rule } else { return nil } }
}
