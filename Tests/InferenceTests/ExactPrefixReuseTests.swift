@testable import Inference
import TestSupport
import XCTest

/// Keeping a cached prompt prefix across generations gives a fresh session's numbers only if every
/// position takes the attention path it would take in a fresh evaluation: the gene flow's score
/// prompts share ~243 of ~268 tokens, and the ~25-token remainder alone took the vector path where
/// the whole prompt takes the tiled one, so prefix reuse changed the answers (found on aggregate A37).
final class ExactPrefixReuseTests: XCTestCase {
    // MARK: Kernel variants of a split (no model)

    func testVariantsFollowTheMicroBatchSizes() {
        let whole = InferenceSession.kernels(count: 300, from: 0, batchCapacity: 512)
        XCTAssertTrue(whole.allSatisfy { $0.tiledAttention && $0.grouped && $0.batchOfEight }, "one batch of 300 = 75 groups of 4")
        let tail = InferenceSession.kernels(count: 300, from: 250, batchCapacity: 512)
        XCTAssertTrue(tail[250...].allSatisfy { !$0.tiledAttention }, "50 tokens alone are under the 64-token tile")
        XCTAssertEqual(tail[250...].filter(\.grouped).count, 48, "50 = 12 groups of 4 and a gemv tail of 2")
        let split = InferenceSession.kernels(count: 530, from: 0, batchCapacity: 512)
        XCTAssertTrue(split[..<512].allSatisfy(\.tiledAttention))
        XCTAssertTrue(split[512...].allSatisfy { !$0.tiledAttention && $0.batchOfEight }, "the last micro-batch holds 18 tokens")
        let short = InferenceSession.kernels(count: 6, from: 0, batchCapacity: 512)
        XCTAssertEqual(short.map(\.grouped), [true, true, true, true, false, false])
        XCTAssertFalse(short.contains(where: \.batchOfEight))
        XCTAssertEqual(InferenceSession.kernels(count: 1, from: 0, batchCapacity: 512), [.decoded])
    }

    // MARK: Real models

    static let shared = """
        Score one human gene on each of these six criteria, in this order: 1. association with erythroid \
        cells or erythropoiesis; 2. use as a blood transcriptional biomarker; 3. relevance to circulating \
        leukocyte immune biology; 4. known drug targets; 5. therapeutic relevance for immune system \
        diseases; 6. relevance to infectious disease. Scale for every criterion: 0 no evidence; 1-3 very \
        limited evidence; 4-6 some evidence, context-dependent; 7-8 good and consistent evidence; 9-10 \
        strong evidence.
        """

    /// SmolLM2's Q4_1 products round alike for any split; only the attention path moved its numbers.
    func testSmolLM2KeptPrefixGivesAFreshSessionsLogitsAndTheNaiveOneDoesNot() throws {
        try checkKeptPrefix(TestModels.smollm2, naiveDiffers: true)
    }

    /// Gemma 3's Q4_K products round differently in gemm groups of 4 and in the gemv tail, and its Q6_K
    /// ones in batches under 8: kept positions must match in those too.
    func testGemma3KeptPrefixGivesAFreshSessionsLogits() throws {
        try checkKeptPrefix(TestModels.gemma3, naiveDiffers: nil)
    }

    private func checkKeptPrefix(_ id: String, naiveDiffers: Bool?) throws {
        let local = try LocalModel(path: try TestModels.path(id))
        let first = local.tokenizer.encode(Self.shared + "\nGene: HBB (hemoglobin subunit beta). Assessment 1.")
        let second = local.tokenizer.encode(Self.shared + "\nGene: ALAS2 (5'-aminolevulinate synthase 2). Assessment 1.")
        let common = zip(first, second).prefix { $0 == $1 }.count
        XCTAssertGreaterThan(second.count, 100, "long enough for the tiled path")
        XCTAssertLessThan(second.count - common, 64, "the differing tail alone would take the vector path")

        let fresh = InferenceSession(model: local.model, contextLength: 512, threads: 2)
        let expected = Array(try fresh.evaluate(second))

        // The first prompt and a few decoded tokens, as a generation leaves the cache.
        func primed() throws -> InferenceSession {
            let session = InferenceSession(model: local.model, contextLength: 512, threads: 2)
            try session.evaluate(first)
            for id in local.tokenizer.encode(" {\"gene\"", addBOS: false) { try session.evaluate([id]) }
            return session
        }
        let exact = try primed()
        let keep = exact.exactReusablePrefix(of: second)
        XCTAssertEqual(keep, (second.count - 64) / 4 * 4, "a 64-token tail on the tiled path, cut at a group of 4")
        exact.truncate(to: keep)
        XCTAssertEqual(Array(try exact.evaluate(Array(second[keep...]))), expected, "\(id): bit-identical to a fresh session")

        guard let naiveDiffers else { return }
        let naive = try primed()
        naive.truncate(to: common)
        let naiveLogits = Array(try naive.evaluate(Array(second[common...])))
        XCTAssertEqual(naiveLogits != expected, naiveDiffers,
                       "keeping the whole shared prefix runs the tail on the vector path, which rounds differently")
    }

    func testSampledGenerationsAreTheSameWithAndWithoutTheCache() throws {
        let local = try LocalModel(path: try TestModels.path(TestModels.smollm2))
        var parameters = SamplingParameters()
        parameters.temperature = 0.7
        parameters.maxTokens = 24
        parameters.seed = 7
        let prompts = try ["HBB (hemoglobin subunit beta)", "ALAS2 (5'-aminolevulinate synthase 2)", "FECH (ferrochelatase)"]
            .map { try local.chatPrompt([ChatMessage(role: "user", content: Self.shared + "\nGene: \($0).")]).tokens }
        let reusing = local.makeGenerator(threads: 2, contextLength: 512)
        var reused = 0
        for prompt in prompts {
            let kept = try reusing.generate(prompt: prompt, parameters: parameters)
            let fresh = try local.makeGenerator(threads: 2, contextLength: 512).generate(prompt: prompt, parameters: parameters)
            XCTAssertEqual(kept.tokens, fresh.tokens)
            reused += kept.timings.promptTokensReused
        }
        XCTAssertGreaterThan(reused, 100, "the later prompts kept most of the shared prefix")
    }
}
