import Support
import Workflow
import XCTest

final class AnswerValidationTests: XCTestCase {
    var schema: JSONSchema { get throws { try JSONSchema(compiling: [
        "type": "object", "required": ["options"],
        "properties": ["options": ["type": "array", "items": ["type": "object", "required": ["drugs"],
                                                                "properties": ["drugs": ["type": "array", "items": ["type": "string"]]]]]],
    ]) } }

    func testValidAnswersParseWithOrWithoutAFence() throws {
        let value: JSONValue = ["options": [["drugs": ["osimertinib"]]]]
        XCTAssertEqual(AnswerValidation.validate(#" {"options": [{"drugs": ["osimertinib"]}]}"#, against: try schema), .parsed(value))
        XCTAssertEqual(AnswerValidation.validate("```json\n{\"options\": [{\"drugs\": [\"osimertinib\"]}]}\n```\n", against: try schema), .parsed(value))
        XCTAssertNil(AnswerValidation.reaskMessage(for: .parsed(value)))
    }

    func testUnparseableKeepsTheRawTextAndSaysWhere() throws {
        let raw = "Sure! Here is the answer:\n{\"options\": []}"
        let outcome = AnswerValidation.validate(raw, against: try schema)
        XCTAssertEqual(outcome, .unparseable(raw: raw, reason: "invalid JSON at line 1, column 1: unexpected 'S'"))
        XCTAssertEqual(AnswerValidation.reaskMessage(for: outcome), """
        Your previous answer could not be read as JSON (invalid JSON at line 1, column 1: unexpected 'S').
        Reply again with only one JSON value that satisfies the required schema: no prose, no Markdown.
        """)
        let truncated = AnswerValidation.validate("{\"options\": [\n{\"drugs\": [\"a\"", against: try schema)
        XCTAssertEqual(truncated, .unparseable(raw: "{\"options\": [\n{\"drugs\": [\"a\"", reason: "invalid JSON at line 2, column 15: expected ',' or ']' in array"))
    }

    func testSchemaInvalidQuotesEveryViolationInTheReask() throws {
        let raw = #"{"options": [{"drugs": ["a"]}, {"drugs": "b"}, {}]}"#
        let outcome = AnswerValidation.validate(raw, against: try schema)
        guard case .schemaInvalid(let kept, let value, let violations) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(kept, raw)
        XCTAssertEqual(value["options"]?.arrayValue?.count, 3)
        XCTAssertEqual(violations.map(\.path.description), ["$.options[1].drugs", "$.options[2].drugs"])
        XCTAssertEqual(AnswerValidation.reaskMessage(for: outcome), """
        Your previous answer was JSON but did not satisfy the required schema:
        - $.options[1].drugs: expected array, found string "b"
        - $.options[2].drugs: expected required property "drugs", found nothing
        Reply again with only one corrected JSON value: no prose, no Markdown.
        """)
        XCTAssertEqual(AnswerValidation.maximumReasks, 1)
    }

    func testLongViolationListsAreCut() throws {
        let many = try JSONSchema(compiling: ["type": "array", "items": ["type": "string"]])
        let outcome = AnswerValidation.validate("[" + (1...13).map(String.init).joined(separator: ",") + "]", against: many)
        let message = try XCTUnwrap(AnswerValidation.reaskMessage(for: outcome))
        XCTAssertTrue(message.contains("- $[9]: expected string, found number 10\n- and 3 more\n"), message)
        XCTAssertFalse(message.contains("$[10]"))
    }
}
