import XCTest
@testable import Inference

/// Building tokenizers from hand-made metadata: errors that name the key, and the merge, score, byte-fallback
/// and special-token rules on vocabularies small enough to work out by hand.
final class TokenizerMetadataTests: XCTestCase {
    // MARK: Metadata builders

    private func metadata(model: String, pre: String? = nil, tokens: [String], types: [Int]? = nil,
                          scores: [Float]? = nil, merges: [String]? = nil,
                          extra: [(String, GGUFValue)] = []) -> GGUFMetadata {
        var m = GGUFMetadata(file: "tiny.gguf")
        _ = m.insert("tokenizer.ggml.model", .string(model))
        if let pre { _ = m.insert("tokenizer.ggml.pre", .string(pre)) }
        _ = m.insert("tokenizer.ggml.tokens", .array(.string, tokens.map { .string($0) }))
        if let types { _ = m.insert("tokenizer.ggml.token_type", .array(.int32, types.map { .int(Int64($0), .int32) })) }
        if let scores { _ = m.insert("tokenizer.ggml.scores", .array(.float32, scores.map { .float(Double($0), .float32) })) }
        if let merges { _ = m.insert("tokenizer.ggml.merges", .array(.string, merges.map { .string($0) })) }
        for (key, value) in extra { _ = m.insert(key, value) }
        return m
    }

    private func bpe(merges: [String], tokens: [String] = ["a", "b", "c", "ab", "bc", "abc"],
                     types: [Int]? = nil) throws -> Tokenizer {
        try Tokenizer(metadata: metadata(model: "gpt2", pre: "gpt-2", tokens: tokens, types: types, merges: merges,
                                         extra: [("tokenizer.ggml.add_bos_token", .bool(false))]))
    }

    private func assertError(_ body: @autoclosure () throws -> Tokenizer, field: String, mentions: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let error = error as? TokenizerError else {
                return XCTFail("expected a TokenizerError, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.file, "tiny.gguf", file: file, line: line)
            XCTAssertEqual(error.field, field, file: file, line: line)
            XCTAssertTrue(error.description.contains(mentions), "\(error)", file: file, line: line)
        }
    }

    // MARK: Errors

    func testUnknownPreTokenizerIsNamed() {
        assertError(try Tokenizer(metadata: metadata(model: "gpt2", pre: "made-up", tokens: ["a"], merges: [])),
                    field: "metadata 'tokenizer.ggml.pre'", mentions: "unknown pre-tokenizer 'made-up'")
    }

    func testUnknownModelIsNamed() {
        assertError(try Tokenizer(metadata: metadata(model: "t5", tokens: ["a"])),
                    field: "metadata 'tokenizer.ggml.model'", mentions: "unknown tokenizer model 't5'")
    }

    func testMissingMergesAreAnError() {
        assertError(try Tokenizer(metadata: metadata(model: "gpt2", pre: "qwen2", tokens: ["a"])),
                    field: "metadata 'tokenizer.ggml.merges'", mentions: "missing")
    }

    func testDuplicateTokenNamesBothIds() {
        assertError(try Tokenizer(metadata: metadata(model: "gpt2", pre: "qwen2", tokens: ["a", "b", "a"], merges: [])),
                    field: "metadata 'tokenizer.ggml.tokens' #2", mentions: "already token #0")
    }

    func testTooFewScoresAreAnError() {
        assertError(try Tokenizer(metadata: metadata(model: "llama", tokens: ["a", "b"], scores: [0])),
                    field: "metadata 'tokenizer.ggml.scores'", mentions: "expected 2 scores")
    }

    func testMissingTokensNameTheKey() {
        var m = GGUFMetadata(file: "tiny.gguf")
        _ = m.insert("tokenizer.ggml.model", .string("llama"))
        XCTAssertThrowsError(try Tokenizer(metadata: m)) { error in
            XCTAssertTrue("\(error)".contains("tokenizer.ggml.tokens"), "\(error)")
        }
    }

    // MARK: Byte-level BPE

    func testMergesApplyByRankNotByLength() throws {
        // "b c" ranks first, so "bc" forms before "ab" could, and no merge joins "a" with "bc".
        let bcFirst = try bpe(merges: ["b c", "a b"])
        XCTAssertEqual(bcFirst.encode("abc").map(bcFirst.tokenText), ["a", "bc"])
        let abFirst = try bpe(merges: ["a b", "b c"])
        XCTAssertEqual(abFirst.encode("abc").map(abFirst.tokenText), ["ab", "c"])
        let chained = try bpe(merges: ["a b", "b c", "ab c"])
        XCTAssertEqual(chained.encode("abc").map(chained.tokenText), ["abc"])
    }

    func testMergeOfEqualRankPrefersTheLeftmostPair() throws {
        let tokenizer = try bpe(merges: ["a a"], tokens: ["a", "aa"])
        XCTAssertEqual(tokenizer.encode("aaa").map(tokenizer.tokenText), ["aa", "a"])
    }

    func testBytesAreSpelledAsGPT2Characters() throws {
        // A space is 'Ġ' (U+0120) in byte-level vocabularies, a newline 'Ċ' (U+010A).
        let tokenizer = try bpe(merges: ["Ġ a"], tokens: ["a", "Ġ", "Ġa", "Ċ"])
        XCTAssertEqual(tokenizer.encode(" a\n").map(tokenizer.tokenText), ["Ġa", "Ċ"])
        XCTAssertEqual(tokenizer.decode(tokenizer.encode(" a\n")), " a\n")
    }

    // MARK: SentencePiece

    private func spm(scores: [Float], addSpacePrefix: Bool) throws -> Tokenizer {
        let tokens = ["<unk>", "<s>", "</s>", "▁", "a", "b", "ab", "▁a", "<0x78>"]
        return try Tokenizer(metadata: metadata(
            model: "llama", tokens: tokens, types: [2, 3, 3, 1, 1, 1, 1, 1, 6], scores: scores,
            extra: [("tokenizer.ggml.add_space_prefix", .bool(addSpacePrefix))]))
    }

    func testSentencePieceMergesTheHighestScoreFirst() throws {
        let preferSpaceA = try spm(scores: [0, 0, 0, -5, -5, -5, -2, -1, 0], addSpacePrefix: true)
        XCTAssertEqual(preferSpaceA.encode("ab", addBOS: false).map(preferSpaceA.tokenText), ["▁a", "b"])
        let preferAB = try spm(scores: [0, 0, 0, -5, -5, -5, -1, -2, 0], addSpacePrefix: true)
        XCTAssertEqual(preferAB.encode("ab", addBOS: false).map(preferAB.tokenText), ["▁", "ab"])
        // BOS by default for SentencePiece; the space prefix is dropped again when decoding.
        XCTAssertEqual(preferAB.encode("ab").first, 1)
        XCTAssertEqual(preferAB.decode(preferAB.encode("ab", addBOS: false)), "ab")
    }

    func testSentencePieceFallsBackToByteTokens() throws {
        let tokenizer = try spm(scores: [0, 0, 0, -5, -5, -5, -1, -2, 0], addSpacePrefix: false)
        XCTAssertEqual(tokenizer.encode("xab", addBOS: false).map(tokenizer.tokenText), ["<0x78>", "ab"])
        XCTAssertEqual(tokenizer.decode(tokenizer.encode("xab")), "xab")
    }

    // MARK: Special tokens

    func testLongerSpecialTokenWinsAndUserDefinedMatchWithoutParsing() throws {
        // Types: 1 normal, 3 control, 4 user-defined.
        let tokens = ["<", "x", ">", "y", "<x>", "<x>y", "<u>"]
        let tokenizer = try bpe(merges: [], tokens: tokens, types: [1, 1, 1, 1, 3, 3, 4])
        XCTAssertEqual(tokenizer.encode("<x>y<x>").map(tokenizer.tokenText), ["<x>y", "<x>"])
        XCTAssertEqual(tokenizer.encode("<x>y<u>", parseSpecial: false).map(tokenizer.tokenText),
                       ["<", "x", ">", "y", "<u>"])
        XCTAssertEqual(tokenizer.decode(tokenizer.encode("<x>y<u>")), "<u>", "control tokens are hidden, user-defined shown")
    }
}
