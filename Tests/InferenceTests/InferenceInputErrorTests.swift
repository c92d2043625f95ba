@testable import Inference
import XCTest

/// Input a model cannot take gets a named error, and the session stays usable afterwards.
final class InferenceInputErrorTests: XCTestCase {
    func testPromptLongerThanTheContextIsRefusedAndNothingIsLost() throws {
        let local = try LocalModel(path: try TestModels.path(TestModels.smollm2))
        let generator = local.makeGenerator(threads: 1, contextLength: 16)
        let long = local.rawPrompt(String(repeating: "The HBB gene encodes beta globin. ", count: 5))
        XCTAssertGreaterThan(long.count, 16)
        XCTAssertThrowsError(try generator.generate(prompt: long, parameters: SamplingParameters())) { error in
            XCTAssertEqual(error as? InferenceError, .contextFull(needed: long.count + 1, capacity: 16))
            XCTAssertTrue("\(error)".contains("--context"), "\(error)")
        }
        // The same generator still works on a prompt that fits.
        var p = SamplingParameters()
        p.maxTokens = 4
        let result = try generator.generate(prompt: local.rawPrompt("Blood is"), parameters: p)
        XCTAssertEqual(result.tokens.count, 4)
    }

    func testGenerationStopsWhenTheContextFills() throws {
        let local = try LocalModel(path: try TestModels.path(TestModels.smollm2))
        let generator = local.makeGenerator(threads: 1, contextLength: 16)
        var p = SamplingParameters()
        p.maxTokens = 100
        let prompt = local.rawPrompt("One, two, three, four,")
        let result = try generator.generate(prompt: prompt, parameters: p)
        if result.stopReason != .endOfGeneration {
            XCTAssertEqual(result.stopReason, .contextFull)
            XCTAssertEqual(prompt.count + result.tokens.count, 16 + 1, "the last sampled token needs no cache slot")
        }
    }

    func testTokenOutsideTheVocabularyAndEmptyInput() throws {
        let local = try LocalModel(path: try TestModels.path(TestModels.smollm2))
        let session = InferenceSession(model: local.model, contextLength: 64, threads: 1)
        let vocab = local.model.config.vocabularySize
        XCTAssertThrowsError(try session.evaluate([1, 2, Int32(vocab)])) { error in
            XCTAssertEqual(error as? InferenceError, .invalidToken(Int32(vocab), position: 2, vocabularySize: vocab))
        }
        XCTAssertThrowsError(try session.evaluate([1, -5])) { error in
            XCTAssertEqual(error as? InferenceError, .invalidToken(-5, position: 1, vocabularySize: vocab))
        }
        XCTAssertThrowsError(try session.evaluate([])) { XCTAssertEqual($0 as? InferenceError, .emptyInput) }
        XCTAssertEqual(session.tokens, [], "a refused batch leaves the cache as it was")
        XCTAssertNoThrow(try session.evaluate([1, 2, 3]))
        XCTAssertEqual(session.tokens, [1, 2, 3])
    }

    func testInvalidSamplingParametersAreRefusedBeforeAnyWork() throws {
        let local = try LocalModel(path: try TestModels.path(TestModels.smollm2))
        let generator = local.makeGenerator(threads: 1, contextLength: 64)
        var p = SamplingParameters()
        p.temperature = -1
        XCTAssertThrowsError(try generator.generate(prompt: [1, 2], parameters: p)) { error in
            XCTAssertEqual(error as? GenerationError, .invalidParameters("temperature must be >= 0, found -1.0"))
        }
    }
}
