import XCTest
@testable import Inference

/// The inference core against llama.cpp's recorded outputs for the same GGUF files.
///
/// Tolerance: llama.cpp quantizes activations to Q8 and keeps an f16 cache, as we do, but sums in a
/// different order (its SIMD reductions, its vectorized exp), so logits agree to the low bits only.
/// `logitTolerance` bounds the absolute difference of the reference's top-10 logits after each prompt
/// (logits range over about +-30 here). Greedy continuations must be identical; a divergence is
/// accepted only where the reference's own top-2 logits at that step are within 0.1 (a near-tie).
final class ParityTests: XCTestCase {
    static let logitTolerance: Float = 0.15
    static let nearTie = 0.1

    func testSmolLM2MatchesLlamaCpp() throws { try checkParity(TestModels.smollm2) }
    func testGemma3MatchesLlamaCpp() throws { try checkParity(TestModels.gemma3) }
    func testQwen25MatchesLlamaCpp() throws { try checkParity(TestModels.qwen25) }

    func testSmolLM2FullLogitVector() throws {
        let model = try TransformerModel(path: try TestModels.path(TestModels.smollm2))
        let reference = try LlamaCppReference.load(TestModels.smollm2)
        let raw0 = try XCTUnwrap(reference.results.first { $0.name == "raw0" })
        let data = try Data(contentsOf: try TestModels.fixture("llamacpp/\(TestModels.smollm2).raw0.logits.f32"))
        let expected = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        XCTAssertEqual(expected.count, model.config.vocabularySize)
        let session = InferenceSession(model: model, contextLength: 256, threads: 2)
        let logits = Array(try session.evaluate(raw0.prompt_ids))
        var worst: Float = 0
        var sumSquares: Double = 0
        for i in 0..<expected.count {
            let e = abs(logits[i] - expected[i])
            worst = max(worst, e)
            sumSquares += Double(e * e)
        }
        let rms = (sumSquares / Double(expected.count)).squareRoot()
        print("SmolLM2 raw0 full logits: max |diff| \(worst), rms \(rms)")
        XCTAssertLessThan(worst, Self.logitTolerance)
    }

    private func checkParity(_ id: String) throws {
        let model = try TransformerModel(path: try TestModels.path(id))
        let reference = try LlamaCppReference.load(id)
        XCTAssertEqual(reference.n_vocab, model.config.vocabularySize)
        var worstPrompt: Float = 0
        for prompt in reference.results {
            let session = InferenceSession(model: model, contextLength: 512, threads: 2)
            var logits = Array(try session.evaluate(prompt.prompt_ids))
            for pair in prompt.prompt_top_logits {
                let diff = abs(logits[Int(pair[0])] - Float(pair[1]))
                worstPrompt = max(worstPrompt, diff)
                XCTAssertLessThan(diff, Self.logitTolerance, "\(id) \(prompt.name): logit of token \(Int(pair[0]))")
            }
            for (step, expected) in prompt.generated_ids.enumerated() {
                let got = Int32(argmax(logits))
                if got != expected {
                    let top = prompt.step_top_logits[step]
                    let gap = top.count > 1 ? top[0][1] - top[1][1] : .infinity
                    XCTAssertLessThan(gap, Self.nearTie,
                        "\(id) \(prompt.name): step \(step) chose \(got), llama.cpp chose \(expected) with a margin of \(gap)")
                    print("\(id) \(prompt.name): near-tie divergence at step \(step) (margin \(gap))")
                    break
                }
                if step + 1 < prompt.generated_ids.count {
                    logits = Array(try session.evaluate([expected]))
                }
            }
        }
        print("\(id): worst top-10 logit difference after the prompts: \(worstPrompt)")
    }

    private func argmax(_ v: [Float]) -> Int {
        var best = 0
        for i in 1..<v.count where v[i] > v[best] { best = i }
        return best
    }
}
