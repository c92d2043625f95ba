import Foundation
import XCTest
@testable import Inference

/// The pre-tokenizer scanners split exactly as the regexes llama.cpp lists for each `tokenizer.ggml.pre`,
/// on 412 strings built from the characters where the rules differ (fixture made with Python's `regex`).
final class TokenizerPreTokenizerTests: XCTestCase {
    private struct Case: Decodable {
        let text: String
        let words: [String: [String]]
    }

    private struct File: Decodable {
        let cases: [Case]
    }

    func testScannersSplitAsTheReferenceRegexes() throws {
        let url = try TestModels.fixture("tokenizer/pretokenizer-splits.json")
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        XCTAssertEqual(cases.count, 412)
        var compared = 0
        for testCase in cases {
            let scalars = testCase.text.unicodeScalars.map(\.value)
            for (name, expected) in testCase.words {
                let pre = try XCTUnwrap(PreTokenizer.byName[name], name)
                var words: [[UInt32]] = []
                var start = 0
                for length in pre.split(scalars) {
                    words.append(Array(scalars[start..<start + length]))
                    start += length
                }
                // Compared as code points: String equality would treat canonically equivalent words as equal.
                XCTAssertEqual(words, expected.map { $0.unicodeScalars.map(\.value) },
                               "\(name): \(testCase.text.debugDescription)")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 412 * 5)
    }

    func testNumberGroupingDiffersByPreTokenizer() {
        let digits = "1234567".unicodeScalars.map(\.value)
        XCTAssertEqual(PreTokenizer.llama3.split(digits), [3, 3, 1])
        XCTAssertEqual(PreTokenizer.qwen2.split(digits), [1, 1, 1, 1, 1, 1, 1])
        XCTAssertEqual(PreTokenizer.starCoder.split(digits), [1, 1, 1, 1, 1, 1, 1])
        XCTAssertEqual(PreTokenizer.gpt2.split(digits), [7])
        XCTAssertEqual(PreTokenizer.fallback.split(digits), [3, 3, 1])
    }
}
