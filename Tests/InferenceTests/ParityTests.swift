import XCTest
@testable import Inference

/// The inference core against llama.cpp's recorded outputs for the same GGUF files.
///
/// We round as llama.cpp does wherever our own code computes (attention on both of ggml's paths, RoPE,
/// SwiGLU/GELU, norms: bit-exact against llama.cpp given the same inputs), and the C matrix kernels sum
/// in the order of the x86 kernel llama.cpp picks for each weight type and batch (GGMLOrderDot). With
/// them every logit the fixtures hold is bit-identical for all three models, so where they run
/// (`MatMul.nativeKernelsAvailable`) the tests demand exact equality.
///
/// The portable Swift kernels sum in other orders, which Q8 activation rounding amplifies layer by
/// layer; for them the tolerances are the size of a pure summation-order difference, measured with
/// llama.cpp itself. They are `floorMultiple` x a noise floor: llama.cpp 0c1e57098 built without AVX-512
/// (AVX2/FMA/F16C, same source, same procedure) against the AVX-512 build that made the fixtures, both
/// run on this project's machine (Benchmarks/results/parity-calibration-avx2.json; the native AVX-512
/// build reproduces the fixtures bit for bit: parity-calibration-native-avx512.json). Only SIMD widths
/// differ between the two builds, so their spread is the size of a pure summation-order difference.
/// 1.5x leaves room for the portable kernels' orders. A gross error (wrong RoPE style or base, a missing norm or
/// bias) moves logits by whole units; a subtle variant may not (erf instead of tanh GELU stays inside the
/// Gemma 3 tolerance), which is why ParityOpsTests pins each op we mirror to llama.cpp's exact bits.
final class ParityTests: XCTestCase {
    static let floorMultiple: Float = 1.5

    /// Per model, llama.cpp-AVX2's worst |diff| from the fixtures over the top-10 logits after each prompt
    /// and the top-5 logits at each greedy step while the continuations agree.
    static let logitFloor: [String: Float] = [
        TestModels.smollm2: 0.9615,
        TestModels.gemma3: 1.7470,
        TestModels.qwen25: 0.3232,
    ]

    /// SmolLM2 raw0, all 49,152 logits: llama.cpp-AVX2's max |diff| 0.6348 and rms 0.2825.
    static let fullVectorFloor: (max: Float, rms: Double) = (0.6348, 0.2825)

    /// A greedy divergence is accepted only where the fixture's own top-2 margin is below this. Native
    /// kernels: issue 2's rule, 0.1; measured, none of the 27 sequences diverges (before the kernels
    /// summed in llama.cpp's order, divergences came at margins up to 0.242). Portable kernels (other
    /// summation orders, as llama.cpp's own AVX2 build): 1.5 x the largest margin at which
    /// llama.cpp-AVX2 chose differently from the fixtures (0.2279, Gemma 3 chat0 step 7; it diverged in
    /// 15 of 27 sequences, all at margins <= 0.2279).
    static var nearTie: Float { MatMul.nativeKernelsAvailable ? 0.1 : 1.5 * 0.2279 }

    static func logitTolerance(_ id: String) -> Float { floorMultiple * (logitFloor[id] ?? 0) }

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
        if MatMul.nativeKernelsAvailable { XCTAssertEqual(worst, 0, "native kernels: every logit bit-identical") }
        XCTAssertLessThan(worst, Self.floorMultiple * Self.fullVectorFloor.max)
        XCTAssertLessThan(rms, Double(Self.floorMultiple) * Self.fullVectorFloor.rms)
    }

    private func checkParity(_ id: String) throws {
        let model = try TransformerModel(path: try TestModels.path(id))
        let reference = try LlamaCppReference.load(id)
        XCTAssertEqual(reference.n_vocab, model.config.vocabularySize)
        let tolerance = Self.logitTolerance(id)
        XCTAssertGreaterThan(tolerance, 0, "no measured floor for \(id)")
        var worstPrompt: Float = 0, worstStep: Float = 0
        var divergences: [String] = []
        for prompt in reference.results {
            let session = InferenceSession(model: model, contextLength: 512, threads: 2)
            var logits = Array(try session.evaluate(prompt.prompt_ids))
            for pair in prompt.prompt_top_logits {
                let diff = abs(logits[Int(pair[0])] - Float(pair[1]))
                worstPrompt = max(worstPrompt, diff)
                XCTAssertLessThan(diff, tolerance, "\(id) \(prompt.name): logit of token \(Int(pair[0]))")
            }
            for (step, expected) in prompt.generated_ids.enumerated() {
                let top = prompt.step_top_logits[step]
                for pair in top {
                    let diff = abs(logits[Int(pair[0])] - Float(pair[1]))
                    worstStep = max(worstStep, diff)
                    XCTAssertLessThan(diff, tolerance,
                                      "\(id) \(prompt.name): step \(step) logit of token \(Int(pair[0]))")
                }
                let got = Int32(argmax(logits))
                if got != expected {
                    let gap = top.count > 1 ? Float(top[0][1] - top[1][1]) : .infinity
                    XCTAssertLessThan(gap, Self.nearTie,
                        "\(id) \(prompt.name): step \(step) chose \(got), llama.cpp chose \(expected) with a margin of \(gap)")
                    divergences.append("\(prompt.name) step \(step) (margin \(gap))")
                    // Past a divergence the two continuations condition on different tokens: stop comparing.
                    break
                }
                if step + 1 < prompt.generated_ids.count {
                    logits = Array(try session.evaluate([expected]))
                }
            }
        }
        print("\(id): worst |diff| of llama.cpp's top-10 logits after the prompts \(worstPrompt), of its top-5 at "
              + "agreeing greedy steps \(worstStep); divergences: \(divergences.isEmpty ? "none" : divergences.joined(separator: ", "))")
        if MatMul.nativeKernelsAvailable {
            XCTAssertEqual(worstPrompt, 0, "\(id): native kernels must reproduce llama.cpp's prompt logits bit for bit")
            XCTAssertEqual(worstStep, 0, "\(id): native kernels must reproduce llama.cpp's step logits bit for bit")
            XCTAssertEqual(divergences, [], "\(id): native kernels must reproduce llama.cpp's continuations")
        }
    }

    private func argmax(_ v: [Float]) -> Int {
        var best = 0
        for i in 1..<v.count where v[i] > v[best] { best = i }
        return best
    }
}
