import Support
import XCTest

/// The one CSV reader every data loader uses; expected records written beside each input.
final class CSVReaderTests: XCTestCase {
    func testQuotingDelimitersAndLineEnds() {
        let text = "\u{FEFF}id,text\r\n1,\"a, b\"\n\n2,\"say \"\"hi\"\"\"\r3,\"two\nlines\"\n4,\n"
        let (records, error) = CSVReader.read(text)
        XCTAssertNil(error)
        XCTAssertEqual(records, [
            CSVRecord(line: 1, fields: ["id", "text"]),
            CSVRecord(line: 2, fields: ["1", "a, b"]),
            CSVRecord(line: 4, fields: ["2", "say \"hi\""]),
            CSVRecord(line: 5, fields: ["3", "two\nlines"]),
            CSVRecord(line: 7, fields: ["4", ""]),
        ])
    }

    func testOtherDelimiterAndMissingFinalNewline() {
        let (records, error) = CSVReader.read("a;b\nc;\"d;e\"", delimiter: ";")
        XCTAssertNil(error)
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["c", "d;e"]])
    }

    func testUnclosedQuoteNamesWhereItOpenedAndKeepsEarlierRecords() {
        let (records, error) = CSVReader.read("a,b\nc,d\ne,\"f\ng,h\n")
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["c", "d"]])
        XCTAssertEqual(error, CSVError(line: 3, column: 3, reason: "a quoted field opened here is never closed"))
    }

    func testTextAfterAClosingQuoteIsAnError() {
        let (records, error) = CSVReader.read("a,b\n\"c\"x,d\n")
        XCTAssertEqual(records.map(\.fields), [["a", "b"]])
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 4)
        XCTAssertEqual(error?.reason, "text after a closing quote")
    }
}
