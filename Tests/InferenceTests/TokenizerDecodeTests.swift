import XCTest
@testable import Inference

/// Detokenization: pieces, round trips, the streaming decoder, and the end-of-generation set.
final class TokenizerDecodeTests: XCTestCase {
    func testDecodeInvertsEncodeForEveryProbe() throws {
        for model in TokenizerFixtures.models {
            let tokenizer = try TokenizerFixtures.tokenizer(model)
            for probe in try TokenizerFixtures.probes(model) {
                // Without special-token parsing no token is a hidden control token, so the text must come back.
                let plain = tokenizer.encode(probe.text, addBOS: false, parseSpecial: false)
                XCTAssertEqual(tokenizer.decode(plain).unicodeScalars.map(\.value),
                               probe.text.unicodeScalars.map(\.value), "\(model): \(probe.text.debugDescription)")
                // With parsing, control tokens come back only when asked for.
                let parsed = tokenizer.encode(probe.text, addBOS: false)
                XCTAssertEqual(tokenizer.decode(parsed, includeSpecial: true).unicodeScalars.map(\.value),
                               probe.text.unicodeScalars.map(\.value), "\(model) with specials: \(probe.text.debugDescription)")
            }
        }
    }

    func testControlTokensRenderOnlyWhenAsked() throws {
        let tokenizer = try TokenizerFixtures.tokenizer(TestModels.qwen25)
        let ids = tokenizer.encode("<|im_start|>user\nhi<|im_end|>")
        XCTAssertEqual(tokenizer.tokenText(ids[0]), "<|im_start|>")
        XCTAssertEqual(tokenizer.decode(ids), "user\nhi")
        XCTAssertEqual(tokenizer.decode(ids, includeSpecial: true), "<|im_start|>user\nhi<|im_end|>")
        XCTAssertEqual(tokenizer.piece(for: ids[0]), Array("<|im_start|>".utf8))
    }

    func testPiecesUndoEachVocabularysSpelling() throws {
        let smol = try TokenizerFixtures.tokenizer(TestModels.smollm2)
        let spaceToken = try XCTUnwrap(smol.vocabulary.id(of: "Ġ"))
        XCTAssertEqual(smol.piece(for: spaceToken), [0x20])
        let newlineToken = try XCTUnwrap(smol.vocabulary.id(of: "Ċ"))
        XCTAssertEqual(smol.piece(for: newlineToken), [0x0A])

        let gemma = try TokenizerFixtures.tokenizer(TestModels.gemma3)
        XCTAssertEqual(gemma.piece(for: try XCTUnwrap(gemma.vocabulary.id(of: "<0x0A>"))), [0x0A])
        XCTAssertEqual(gemma.piece(for: try XCTUnwrap(gemma.vocabulary.id(of: "<0xF0>"))), [0xF0])
        XCTAssertEqual(gemma.piece(for: try XCTUnwrap(gemma.vocabulary.id(of: "▁the"))), Array(" the".utf8))
        XCTAssertEqual(gemma.piece(for: -1), [])
        XCTAssertEqual(gemma.piece(for: Int32(gemma.vocabularySize)), [])
    }

    func testStreamingDecoderHoldsSplitCharactersAndMatchesDecode() throws {
        // Gothic letters are not in Gemma's vocabulary, so they reach it as <0xNN> byte tokens.
        let text = "Emoji 😀👍🏽🧬 and 中文测试：你好 𐌰𐌱 mixed ❤️ 🇫🇷 end"
        for model in TokenizerFixtures.models {
            let tokenizer = try TokenizerFixtures.tokenizer(model)
            let ids = tokenizer.encode(text, addBOS: false)
            // The test only means something if some token carries part of a character.
            let splitsACharacter = ids.contains { String(validating: tokenizer.piece(for: $0), as: UTF8.self) == nil }
            XCTAssertTrue(splitsACharacter, "\(model): no token splits a character; pick another text")

            var decoder = StreamingDecoder(tokenizer: tokenizer)
            var streamed = ""
            for id in ids {
                let chunk = decoder.append(id)
                XCTAssertFalse(chunk.unicodeScalars.contains("\u{FFFD}"), "\(model): emitted a broken character")
                streamed += chunk
            }
            streamed += decoder.finish()
            XCTAssertEqual(streamed, tokenizer.decode(ids), model)
            XCTAssertEqual(streamed, text, model)
        }
    }

    func testStreamingDecoderReplacesInvalidBytesLikeDecode() throws {
        let gemma = try TokenizerFixtures.tokenizer(TestModels.gemma3)
        let byte = { (hex: String) in try XCTUnwrap(gemma.vocabulary.id(of: "<0x\(hex)>")) }
        // E2 82 starts a 3-byte character that '(' breaks; a lone continuation byte; F0 9F left unfinished.
        let ids = [try byte("E2"), try byte("82"), try byte("28"), try byte("80"), try byte("41"), try byte("F0"), try byte("9F")]
        var decoder = StreamingDecoder(tokenizer: gemma)
        var pieces: [String] = []
        for id in ids { pieces.append(decoder.append(id)) }
        XCTAssertEqual(pieces[0], "", "a valid start of a character is held")
        XCTAssertEqual(pieces[1], "", "still held: E2 82 may yet be completed")
        let finished = decoder.finish()
        XCTAssertEqual(finished, "\u{FFFD}", "an unfinished character is flushed as U+FFFD")
        XCTAssertEqual(pieces.joined() + finished, gemma.decode(ids))
        XCTAssertEqual(gemma.decode(ids), "\u{FFFD}(\u{FFFD}A\u{FFFD}")
    }

    func testEndOfGenerationSets() throws {
        // As llama.cpp 0c1e57098 reports them (llama-cpp-python 0.3.36: llama_vocab_is_eog over every id).
        // llama.cpp marks these by text: "</s>" is on its list, and SmolLM's "<reponame>" and Qwen's
        // "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>" are fill-in-the-middle tokens that also stop generation.
        let expected: [(String, [String])] = [
            (TestModels.smollm2, ["<|endoftext|>", "<|im_end|>", "<reponame>"]),
            (TestModels.gemma3, ["<eos>", "<end_of_turn>", "</s>"]),
            (TestModels.qwen25, ["</s>", "<|endoftext|>", "<|im_end|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"]),
        ]
        for (model, texts) in expected {
            let tokenizer = try TokenizerFixtures.tokenizer(model)
            XCTAssertEqual(tokenizer.endOfGenerationIDs.map(tokenizer.tokenText).sorted(), texts.sorted(), model)
            let eos = try XCTUnwrap(tokenizer.eosID, model)
            XCTAssertTrue(tokenizer.isEndOfGeneration(eos), model)
            let word = try XCTUnwrap(tokenizer.encode("Hello", addBOS: false).first)
            XCTAssertFalse(tokenizer.isEndOfGeneration(word), model)
        }
    }

    func testSpecialIDsAndSizes() throws {
        let smol = try TokenizerFixtures.tokenizer(TestModels.smollm2)
        XCTAssertEqual(smol.vocabularySize, 49152)
        XCTAssertEqual(smol.bosID, 1)
        XCTAssertEqual(smol.eosID, 2)
        let gemma = try TokenizerFixtures.tokenizer(TestModels.gemma3)
        XCTAssertEqual(gemma.vocabularySize, 262144)
        XCTAssertEqual(gemma.bosID, 2)
        XCTAssertEqual(gemma.eosID, 1)
        XCTAssertEqual(gemma.encode("").count, 1, "an empty text is just the BOS Gemma adds")
        XCTAssertEqual(gemma.encode("", addBOS: false), [])
    }
}
