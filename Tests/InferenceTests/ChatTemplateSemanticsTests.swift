import Foundation
import XCTest

@testable import Inference

/// Pieces of the interpreter whose expected results are facts of Python or Jinja2, written next
/// to their inputs (Python 3.11 `repr`, `json`, Jinja2 3.1 behaviour).
final class ChatTemplateSemanticsTests: XCTestCase {
    private func render(_ source: String, _ variables: [String: TemplateValue] = [:]) throws -> String {
        try ChatTemplate(source: source).render(variables: variables)
    }

    func testFloatsPrintAsPythonRepr() {
        let cases: [(Double, String)] = [
            (1e16, "1e+16"), (1234567890123456.0, "1234567890123456.0"), (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"), (0.00001, "1e-05"), (-0.0, "-0.0"), (Double.leastNonzeroMagnitude, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (123.456, "123.456"), (2.5e-5, "2.5e-05"),
            (100.0, "100.0"), (0.5, "0.5"), (1.0 / 3.0, "0.3333333333333333"), (.infinity, "inf"),
        ]
        for (value, python) in cases {
            XCTAssertEqual(PythonFormat.float(value), python, "\(value)")
        }
    }

    func testJSONKeepsKeyOrderAndDecodesEscapes() throws {
        let value = try TemplateValue(json: #" {"z": 1, "a": [true, null, 2.5, -3], "s": "\u00e9\ud83e\uddec\n\"q\"", "e": {}} "#)
        guard case .object(let object) = value else { return XCTFail("not an object: \(value)") }
        XCTAssertEqual(object.keys, ["z", "a", "s", "e"])
        XCTAssertEqual(object["a"], [true, .null, 2.5, -3])
        XCTAssertEqual(object["s"], .string("é🧬\n\"q\""))
        XCTAssertEqual(try render("{{ v | tojson }}", ["v": value]), #"{"z": 1, "a": [true, null, 2.5, -3], "s": "é🧬\n\"q\"", "e": {}}"#)
    }

    func testJSONErrorsNameTheByteOffset() {
        let cases: [(String, Int, String)] = [
            (#"{"a" 1}"#, 5, "expected ':'"), ("[1, 2", 5, "unterminated"), (#""abc"#, 4, "unterminated string"),
            ("[1] x", 4, "unexpected text"), (#"{"a": tru}"#, 6, "expected 'true'"),
        ]
        for (text, offset, reason) in cases {
            XCTAssertThrowsError(try TemplateValue(json: text), text) { error in
                guard let error = error as? TemplateValue.JSONError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.byteOffset, offset, text)
                XCTAssertTrue(error.reason.contains(reason), "\(error.reason) for \(text)")
            }
        }
    }

    func testUndefinedIsFalsyEmptyAndIterableButNotUsable() throws {
        XCTAssertEqual(try render("[{{ ghost }}]{% if ghost %}yes{% else %}no{% endif %}{% for x in ghost %}x{% endfor %}{{ ghost | length }}"), "[]no0")
        XCTAssertEqual(try render("{{ d.missing is defined }} {{ d.missing is undefined }}", ["d": ["k": 1]]), "False True")
        XCTAssertThrowsError(try render("{{ ghost + 1 }}"))
    }

    func testForLoopScopesMatchJinja() throws {
        // Jinja2 3.1 prints '[5][][]' then '' (set inside a loop stays in that iteration),
        // and '1101201' (each iteration starts from the outer value).
        XCTAssertEqual(try render("{% for x in [1,2,3] %}{% if loop.first %}{% set y = 5 %}{% endif %}[{{ y }}]{% endfor %}{{ y }}"), "[5][][]")
        XCTAssertEqual(try render("{% set y = 1 %}{% for x in [1,2] %}{{ y }}{% set y = x*10 %}{{ y }}{% endfor %}{{ y }}"), "1101201")
        XCTAssertEqual(try render("{% set ns = namespace(n=0) %}{% for x in [1,2,3] %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}"), "6")
    }

    func testExtraOverridesStandardVariables() throws {
        let template = try ChatTemplate(source: "{{ messages | length }} {{ messages[0].tool_calls[0].id }} {{ flag }}")
        let rich: TemplateValue = [["role": "assistant", "content": "", "tool_calls": [["id": "call1"]]]]
        let output = try template.render(messages: [ChatMessage(role: "user", content: "x"), ChatMessage(role: "user", content: "y")],
                                         addGenerationPrompt: false, bosToken: "", eosToken: "",
                                         extra: ["messages": rich, "flag": true])
        XCTAssertEqual(output, "1 call1 True")
    }

    func testStrftimeNowUsesTheClock() throws {
        let year = Calendar.current.component(.year, from: Date())
        let rendered = try render("{{ strftime_now('%Y') }}|{{ strftime_now is defined }}")
        // A render at New Year's midnight may see the next year.
        XCTAssertTrue(rendered == "\(year)|True" || rendered == "\(year + 1)|True", rendered)
    }

    func testTrailingNewlineAndCRLFFollowJinja() throws {
        XCTAssertEqual(try render("a\r\nb\n"), "a\nb")
        XCTAssertEqual(try render("a\n\n"), "a\n")
    }
}
