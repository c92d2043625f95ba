import Foundation
import Support
import XCTest

/// `consilium json --lines` as a separate process on a pipe: each response arrives before the next
/// request is written, so a client can hold a conversation; stdout holds only JSON.
final class JsonStdinTests: XCTestCase {
    /// The `consilium` executable built beside this test bundle (`swift build --build-tests` builds it).
    static var executable: URL? {
        // On Linux the test bundle is itself the running executable; on macOS it is a bundle
        // directory in the same products folder.
        let candidates = [Bundle.main.executableURL, Bundle(for: JsonStdinTests.self).bundleURL]
        for case let bundle? in candidates {
            let url = bundle.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("consilium")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    func testEachLineIsAnsweredBeforeTheNextIsWritten() throws {
        guard let executable = Self.executable else { throw XCTSkip("the consilium executable is not built beside the tests") }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["json", "--lines"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // A response held back until stdin closes would block the read below for ever: end the
        // process after a minute instead, which ends the read and fails the test.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }

        var buffer = Data()
        func nextLine() throws -> JSONValue {
            while !buffer.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else {
                    XCTFail("consilium closed its output (or was ended) before answering the line written")
                    throw CocoaError(.fileReadUnknown)
                }
                buffer.append(chunk)
            }
            let end = try XCTUnwrap(buffer.firstIndex(of: UInt8(ascii: "\n")))
            let line = buffer[buffer.startIndex..<end]
            buffer = Data(buffer[(end + 1)...])
            return try JSONValue(parsing: Data(line))
        }
        let requests = [
            #"{"id": 1, "op": "score", "metric": "accuracy", "outcomes": [true, true, false]}"#,
            #"{"id": 2, "op": "version", "verbose": true}"#,
            #"{"id": 3, "op": "version"}"#,
        ]
        var responses: [JSONValue] = []
        for request in requests {
            // The pipe stays open, so a response here was written (and flushed) for this line alone.
            input.fileHandleForWriting.write(Data((request + "\n").utf8))
            responses.append(try nextLine())
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        buffer.append(output.fileHandleForReading.readDataToEndOfFile())

        XCTAssertEqual(responses.map { $0["id"] }, [1, 2, 3])
        XCTAssertEqual(responses.map { $0["ok"] }, [true, false, true])
        XCTAssertEqual(responses[0]["result"]?["correct"], 2)
        XCTAssertEqual(responses[1]["error"]?["path"], "$.verbose")
        XCTAssertTrue(buffer.isEmpty, "stdout held more than the responses: \(String(decoding: buffer, as: UTF8.self))")
        XCTAssertEqual(process.terminationStatus, 1, "one request failed")
    }
}
