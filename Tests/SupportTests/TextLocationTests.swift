import Support
import XCTest

final class TextLocationTests: XCTestCase {
    func testOffsetsMapToLineAndColumn() {
        let text = "ab\ncé\r\nx"
        // Bytes: a b \n c é(2) \r \n x
        let cases: [(Int, Int, Int)] = [
            (0, 1, 1), (1, 1, 2), (2, 1, 3), (3, 2, 1), (4, 2, 2),
            (6, 2, 3),  // after the two bytes of "é": one column, not two
            (8, 3, 1), (9, 3, 2), (100, 3, 2), (-5, 1, 1),
        ]
        for (offset, line, column) in cases {
            XCTAssertEqual(TextLocation(offset: offset, in: text), TextLocation(line: line, column: column), "offset \(offset)")
        }
    }

    func testParseErrorOffsetsBecomeLocations() {
        let text = "{\n  \"a\": 1,\n  \"a\": 2\n}"
        XCTAssertThrowsError(try JSONValue(parsing: text)) { error in
            guard let parseError = error as? JSONParseError else { return XCTFail("\(error)") }
            XCTAssertEqual(TextLocation(offset: parseError.offset, in: text).description, "3:3")
        }
    }
}
