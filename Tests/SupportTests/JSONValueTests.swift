import Foundation
import Support
import XCTest

final class JSONValueTests: XCTestCase {
    func testRoundTripIsCanonical() throws {
        let text = #"{"b": [1, 2.5, -3e2, true, null], "a": {"z": "x\ny\u00e9\ud83d\ude00", "y": false}}"#
        let value = try JSONValue(parsing: text)
        XCTAssertEqual(value["b"]?[2], .number(-300))
        XCTAssertEqual(value["a"]?["z"]?.stringValue, "x\nyé😀")
        XCTAssertEqual(value.canonicalText, #"{"a":{"y":false,"z":"x\nyé😀"},"b":[1,2.5,-300,true,null]}"#)
        XCTAssertEqual(try JSONValue(parsing: value.canonicalText), value)
        XCTAssertEqual(try JSONValue(parsing: value.prettyText), value)
    }

    func testErrorsNameTheOffset() {
        let cases: [(String, Int, String)] = [
            (#"{"a": 1,}"#, 8, "string key"),
            (#"[1, 2"#, 5, "expected ','"),
            (#"{"a": 1, "a": 2}"#, 9, "duplicate key"),
            (#"[01]"#, 2, "leading zero"),
            ("\"abc", 0, "unterminated"),
            (#"[1] x"#, 4, "after the document"),
            (#"{"a": tru}"#, 6, "expected 'true'"),
            (#""\ud800""#, 7, "unpaired surrogate"),
        ]
        for (text, offset, reason) in cases {
            XCTAssertThrowsError(try JSONValue(parsing: text), text) { error in
                let parseError = error as? JSONParseError
                XCTAssertEqual(parseError?.offset, offset, text)
                XCTAssertTrue(parseError?.reason.contains(reason) ?? false, "\(text): \(String(describing: parseError))")
            }
        }
    }

    func testHostileNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try JSONValue(parsing: deep))
    }

    func testCodableAgreesWithTheParser() throws {
        let value: JSONValue = ["n": 3, "s": "t", "l": [true, nil, 1.5]]
        let data = try JSONEncoder().encode(value)
        XCTAssertEqual(try JSONDecoder().decode(JSONValue.self, from: data), value)
        XCTAssertEqual(try JSONValue(parsing: data), value)
        XCTAssertEqual(value["n"]?.intValue, 3)
        XCTAssertNil(JSONValue.number(1.5).intValue)
    }
}

final class EditDistanceTests: XCTestCase {
    func testLevenshteinCountsASwapAsTwoAndOptimalAlignmentAsOne() {
        XCTAssertEqual(EditDistance.levenshtein("kitten", "sitting"), 3)
        XCTAssertEqual(EditDistance.levenshtein("tmeperature", "temperature"), 2)
        XCTAssertEqual(EditDistance.between("tmeperature", "temperature"), 1)
        XCTAssertEqual(EditDistance.levenshtein("", "abc"), 3)
        XCTAssertEqual(EditDistance.levenshtein("M9.2", "M9.2"), 0)
    }
}
