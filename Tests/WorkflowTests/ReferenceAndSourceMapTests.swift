import Support
import Workflow
import XCTest

final class ReferenceAndSourceMapTests: XCTestCase {
    func testReferencesParse() throws {
        let step = try Reference.parse("$steps.assess.output[0].drugs").get()
        XCTAssertEqual(step.root, .step("assess"))
        XCTAssertEqual(step.path, [.index(0), .key("drugs")])
        XCTAssertEqual(try Reference.parse("$inputs.case.summary").get().root, .input("case"))
        XCTAssertEqual(try Reference.parse("$item").get().path, [])

        let bad: [(String, String)] = [
            ("steps.a.output", "a reference starts with $"),
            ("$step.a.output", "a reference starts with $inputs, $steps or $item"),
            ("$steps.a", "expected $steps.NAME.output"),
            ("$steps.a.outputs", "expected $steps.NAME.output"),
            ("$inputs", "expected $inputs.NAME"),
            ("$inputs.a[x]", "expected [INDEX] with a non-negative integer"),
            ("$inputs.a.", "expected a field name after '.'"),
            ("$inputs.a b", "unexpected ' '; fields are .name and items [n]"),
        ]
        for (text, reason) in bad {
            switch Reference.parse(text) {
            case .success(let reference): XCTFail("\(text) parsed as \(reference)")
            case .failure(let error): XCTAssertEqual(error.reason, reason, text)
            }
        }
    }

    func testSourceMapFindsValuesAndFallsBackToTheParent() throws {
        let text = "{\n  \"steps\": [\n    {\"name\": \"a\",\n     \"odd \\\"key\\\"\": [1, {\"x\": null}]}\n  ]\n}"
        let map = try JSONSourceMap(bytes: Array(text.utf8))
        let step = JSONPath.root.appending("steps").appending(0)
        XCTAssertEqual(map.location(of: step).description, "3:5")
        XCTAssertEqual(map.location(of: step.appending("name")).description, "3:14")
        XCTAssertEqual(map.location(of: step.appending("odd \"key\"").appending(1).appending("x")).description, "4:31")
        // A missing field points at the object that lacks it.
        XCTAssertEqual(map.location(of: step.appending("template")).description, "3:5")
        XCTAssertThrowsError(try JSONSourceMap(bytes: Array("{\"a\": }".utf8)))
    }
}
