import Foundation
import Support
import TestSupport
import XCTest

/// Runs every example of README.md's "JSON in, JSON out" section, so the documentation cannot
/// drift from the command: each ```json-request block is sent as it stands and must be answered
/// as the ```json-response block after it shows.
///
/// A shown response lists the fields that matter: an object in it may omit keys the real one
/// has; `"..."` matches any value; numbers match to 1e-12 relative.
final class JsonReadmeTests: XCTestCase {
    struct Example {
        var request: String
        var response: JSONValue
        var line: Int
    }

    static func examples() throws -> [Example] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        var blocks: [(kind: String, text: String, line: Int)] = []
        var index = 0
        while index < lines.count {
            let fence = lines[index]
            if fence == "```json-request" || fence == "```json-response" {
                let start = index + 1
                guard let end = lines[start...].firstIndex(of: "```") else {
                    throw XCTSkip("README.md:\(index + 1): unclosed \(fence) block")
                }
                blocks.append((String(fence.dropFirst(3)), lines[start..<end].joined(separator: "\n"), index + 1))
                index = end
            }
            index += 1
        }
        var examples: [Example] = []
        var pending: (text: String, line: Int)?
        for block in blocks {
            switch (block.kind, pending) {
            case ("json-request", nil):
                pending = (block.text, block.line)
            case ("json-response", let request?):
                let response: JSONValue
                do { response = try JSONValue(parsing: block.text) } catch {
                    XCTFail("README.md:\(block.line): the response example is not JSON: \(error)")
                    continue
                }
                examples.append(Example(request: request.text, response: response, line: request.line))
                pending = nil
            default:
                XCTFail("README.md:\(block.line): \(block.kind) block out of order (each request, then its response)")
            }
        }
        return examples
    }

    func testReadmeExamplesAreAnsweredAsShown() async throws {
        let examples = try Self.examples()
        XCTAssertGreaterThanOrEqual(examples.count, 10, "the README lost its examples")
        let harness = try JsonTestHarness()
        defer { harness.remove() }
        var ran = 0
        for example in examples {
            // Generation examples need the default model; without it they are skipped, not failed
            // (a failure when CONSILIUM_REQUIRE_MODELS=1).
            if example.request.contains(#""op": "generate""#), example.response["ok"] == true {
                guard (try? TestModels.path(TestModels.smollm2)) != nil else { continue }
            }
            let output = try await harness.run(example.request)
            XCTAssertEqual(output.responses.count, 1, "README.md:\(example.line): \(output.stdout)")
            guard let actual = output.responses.first else { continue }
            let mismatches = Self.mismatches(expected: example.response, actual: actual, path: "$")
            XCTAssertEqual(mismatches, [], "README.md:\(example.line): got \(actual.canonicalText)")
            XCTAssertEqual(output.status, example.response["ok"] == true ? 0 : 1, "README.md:\(example.line)")
            ran += 1
        }
        XCTAssertGreaterThan(ran, 0)
    }

    /// Where `actual` differs from the shown `expected`, as JSON paths with what was expected.
    static func mismatches(expected: JSONValue, actual: JSONValue, path: String) -> [String] {
        switch (expected, actual) {
        case (.string("..."), _):
            return []
        case (.object(let shown), .object(let real)):
            return shown.keys.sorted().flatMap { key -> [String] in
                guard let value = real[key] else { return ["\(path).\(key): missing"] }
                return mismatches(expected: shown[key] ?? .null, actual: value, path: "\(path).\(key)")
            }
        case (.array(let shown), .array(let real)):
            guard shown.count == real.count else { return ["\(path): expected \(shown.count) elements, found \(real.count)"] }
            return zip(shown, real).enumerated().flatMap { mismatches(expected: $1.0, actual: $1.1, path: "\(path)[\($0)]") }
        case (.number(let a), .number(let b)):
            return abs(a - b) <= 1e-12 * max(1, abs(a)) ? [] : ["\(path): expected \(a), found \(b)"]
        default:
            return expected == actual ? [] : ["\(path): expected \(expected.canonicalText), found \(actual.canonicalText)"]
        }
    }

    /// The comparison itself can fail: a wrong value, a missing key, a wrong length.
    func testMismatchesAreFound() throws {
        let actual = try JSONValue(parsing: #"{"a": 1, "b": [1, 2], "c": {"d": "x", "e": true}}"#)
        XCTAssertEqual(Self.mismatches(expected: try JSONValue(parsing: #"{"a": 1, "c": {"d": "..."}}"#), actual: actual, path: "$"), [])
        XCTAssertEqual(Self.mismatches(expected: try JSONValue(parsing: #"{"a": 2}"#), actual: actual, path: "$"), ["$.a: expected 2.0, found 1.0"])
        XCTAssertEqual(Self.mismatches(expected: try JSONValue(parsing: #"{"z": 2}"#), actual: actual, path: "$"), ["$.z: missing"])
        XCTAssertEqual(Self.mismatches(expected: try JSONValue(parsing: #"{"b": [1]}"#), actual: actual, path: "$"),
                       ["$.b: expected 1 elements, found 2"])
        XCTAssertEqual(Self.mismatches(expected: try JSONValue(parsing: #"{"c": {"e": false}}"#), actual: actual, path: "$"),
                       ["$.c.e: expected false, found true"])
    }
}
