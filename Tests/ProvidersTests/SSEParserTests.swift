@testable import Providers
import XCTest

final class SSEParserTests: XCTestCase {
    func testEventsSplitAnywhereAcrossChunks() {
        let stream = "event: a\r\ndata: one\r\ndata:two\r\n\r\n: comment\n\ndata: {\"x\":1}\r\rid: 5\ndata: three\n\n"
        let expected = [SSEEvent(name: "a", data: "one\ntwo"), SSEEvent(name: nil, data: "{\"x\":1}"), SSEEvent(name: nil, data: "three")]
        let bytes = Array(stream.utf8)
        for split in 0...bytes.count {
            var parser = SSEParser()
            let events = parser.push(bytes[..<split]) + parser.push(bytes[split...])
            XCTAssertEqual(events, expected, "split at \(split)")
            XCTAssertFalse(parser.hasPartialEvent)
            XCTAssertEqual(parser.byteCount, bytes.count)
        }
    }

    func testUnfinishedEventIsReported() {
        var parser = SSEParser()
        XCTAssertEqual(parser.push(Array("data: half".utf8)), [])
        XCTAssertTrue(parser.hasPartialEvent)
    }

    func testMultiByteCharactersSplitAcrossChunks() {
        let bytes = Array("data: Größe 😀\n\n".utf8)
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for byte in bytes { events += parser.push([byte]) }
        XCTAssertEqual(events, [SSEEvent(name: nil, data: "Größe 😀")])
    }
}
