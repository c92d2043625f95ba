import Foundation
@testable import Inference
import XCTest

/// Log-likelihood scoring (exam modes a and b) on the real SmolLM2, against sums recomputed token by
/// token from one full `evaluate(.all)` of context + continuation in a fresh session, and against
/// llama.cpp (Fixtures/llamacpp/*.loglik.json, written by Benchmarks/exams/llamacpp_loglik.py).
final class ContinuationScorerTests: XCTestCase {
    /// Micro-batches under 64 tokens keep every query row on the attention kernel's vector path, so how a
    /// sequence is split into passes cannot change a number: there the scorer must equal the full pass bit
    /// for bit, which pins the row bookkeeping (an off-by-one row moves sums by whole units).
    static let vectorPathBatch = 32
    /// With 512-token micro-batches, a context of 64 or more tokens runs on the tiled path (f32, as
    /// ggml) while a short continuation runs on the vector path (f16 accumulation); SmolLM2 q4_1 amplifies
    /// that rounding. Measured on the texts here: worst |difference| of a sum 0.55 (scorer against full
    /// pass) and 0.92 (prefix kept across calls against a fresh session); llama.cpp's own AVX2 and AVX-512
    /// builds differ by up to 0.96 on single logits of this model (Fixtures/llamacpp/README.md).
    static let kernelPathTolerance = 1.5
    /// Against llama.cpp, sums of up to 18 tokens: worst measured 0.45 with 32-token micro-batches and
    /// 0.87 with 512 (summation orders in the quantized matrix kernels, as in ParityTests).
    static let llamaCppTolerance = 1.5

    static let shortContext = "The capital of France is"
    static let longContext = String(repeating: "The liver makes bile, which helps digest fat. ", count: 8)
        + "Question: Which organ makes bile?\nAnswer:"
    static let continuations = [" Paris", " a city in Europe.", " London", " the liver"]

    private func model() throws -> LocalModel { try LocalModel(path: try TestModels.path(TestModels.smollm2)) }

    private func scorer(_ local: LocalModel, batch: Int, reuse: ContinuationScorer.PrefixReuse = .withinCall) -> ContinuationScorer {
        ContinuationScorer(session: InferenceSession(model: local.model, contextLength: 512, threads: 2, batchCapacity: batch),
                           prefixReuse: reuse)
    }

    /// log p of each continuation token from one pass over the whole sequence in a fresh session.
    private func recomputed(_ model: LocalModel, context: [Int32], continuation: [Int32], batch: Int) throws -> [Double] {
        let session = InferenceSession(model: model.model, contextLength: 512, threads: 2, batchCapacity: batch)
        try session.evaluate(context + continuation, logits: .all)
        let vocabulary = model.model.config.vocabularySize
        return continuation.enumerated().map { j, id in
            let row = context.count - 1 + j
            return LogSoftmax(logits: session.logits[(row * vocabulary)..<((row + 1) * vocabulary)]).logProbability(id)
        }
    }

    func testSummedLogLikelihoodEqualsTokenByTokenRecomputation() throws {
        let local = try model()
        for batch in [Self.vectorPathBatch, 512] {
            let scorer = scorer(local, batch: batch)
            for text in [Self.shortContext, Self.longContext] {
                let result = try scorer.logLikelihoods(context: text, continuations: Self.continuations, tokenizer: local.tokenizer)
                XCTAssertEqual(result.scores.count, Self.continuations.count)
                for (pair, score) in zip(result.continuations, result.scores) {
                    XCTAssertEqual(pair.boundary, .clean)
                    XCTAssertEqual(score.tokens, pair.continuation)
                    let expected = try recomputed(local, context: result.context, continuation: pair.continuation, batch: batch)
                    let sum = expected.reduce(0, +)
                    let where_ = "\(local.tokenizer.decode(pair.continuation)) after \(result.context.count) tokens, batch \(batch)"
                    if batch == Self.vectorPathBatch || result.context.count + pair.continuation.count < 64 {
                        XCTAssertEqual(score.tokenLogProbabilities, expected, where_)
                    } else {
                        XCTAssertEqual(score.logLikelihood, sum, accuracy: Self.kernelPathTolerance, where_)
                    }
                    XCTAssertLessThan(score.logLikelihood, 0)
                }
                // The model prefers the true answer by a margin wider than any tolerance here.
                let paris = result.scores[0].logLikelihood, london = result.scores[2].logLikelihood
                let liver = result.scores[3].logLikelihood
                if text == Self.shortContext {
                    XCTAssertGreaterThan(paris, london + 3)
                    XCTAssertTrue(result.scores[0].isGreedy, "\" Paris\" has p > 0.5, so it is the argmax")
                    XCTAssertFalse(result.scores[1].isGreedy)
                } else {
                    XCTAssertGreaterThan(liver, paris + 3)
                }
            }
        }
    }

    func testLogLikelihoodsAgreeWithLlamaCpp() throws {
        let local = try model()
        let data = try Data(contentsOf: try TestModels.fixture("llamacpp/\(TestModels.smollm2).loglik.json"))
        let fixture = try JSONDecoder().decode(LlamaCppLogLikelihoods.self, from: data)
        XCTAssertEqual(fixture.cases.count, 12)
        let scorer = scorer(local, batch: Self.vectorPathBatch, reuse: .acrossCalls)
        for c in fixture.cases {
            let pair = try local.tokenizer.scoringTokens(context: c.context, continuation: c.continuation)
            XCTAssertEqual(pair.context, c.context_tokens, "the harness split, token for token")
            XCTAssertEqual(pair.continuation, c.continuation_tokens)
            XCTAssertEqual(pair.boundary == .clean, c.clean_boundary)
            let score = try scorer.logLikelihoods(context: pair.context, continuations: [pair.continuation])[0]
            XCTAssertEqual(score.logLikelihood, c.loglikelihood, accuracy: Self.llamaCppTolerance, c.continuation)
        }
        // Both engines rank the options of the MMLU item (the last four cases) alike where llama.cpp's margin is wide.
        let mmlu = fixture.cases.suffix(4)
        let ours = try mmlu.map { c in
            try scorer.logLikelihoods(context: c.context, continuations: [c.continuation], tokenizer: local.tokenizer).scores[0].logLikelihood
        }
        XCTAssertEqual(ours.firstIndex(of: try XCTUnwrap(ours.max())), 0, "option A, llama.cpp's best by 4.7")
    }

    func testNextTokenDistributionSumsToOneAndMatchesTheOneTokenScore() throws {
        let local = try model()
        let scorer = ContinuationScorer(model: local.model, threads: 2, contextLength: 512)
        let context = local.tokenizer.encodeForScoring(Self.longContext)
        let distribution = try scorer.nextToken(after: context)
        let all = distribution.all
        XCTAssertEqual(all.count, local.model.config.vocabularySize)
        let total = all.reduce(0) { $0 + exp($1) }
        XCTAssertEqual(total, 1, accuracy: 1e-9)
        XCTAssertTrue(all.allSatisfy { $0 <= 0 && $0.isFinite })
        XCTAssertEqual(all.max(), distribution.logProbability(distribution.argmax))
        let candidates = local.tokenizer.encode(" the A B", addBOS: false)
        XCTAssertEqual(try scorer.nextTokenLogProbabilities(after: context, candidates: candidates),
                       candidates.map { all[Int($0)] })
        // A one-token continuation is scored from the same row, with no further pass.
        let before = scorer.evaluatedPositions
        let one = try scorer.logLikelihoods(context: context, continuations: [[candidates[0]]])
        XCTAssertEqual(one[0].logLikelihood, all[Int(candidates[0])])
        XCTAssertEqual(scorer.evaluatedPositions - before, context.count, "only the context ran")
    }

    func testPrefixReuseGivesTheNumbersOfAFreshSession() throws {
        let local = try model()
        let continuations = Self.continuations.map { local.tokenizer.encode($0, addBOS: false) }
        let first = local.tokenizer.encodeForScoring(Self.longContext)
        let second = local.tokenizer.encodeForScoring(Self.longContext + " The liver.\nQuestion: Which organ stores bile?\nAnswer:")
        for batch in [Self.vectorPathBatch, 512] {
            let fresh = try scorer(local, batch: batch).logLikelihoods(context: second, continuations: continuations)

            // Within a call the context is shared; across calls it is evaluated anew: bit-identical.
            let within = scorer(local, batch: batch)
            _ = try within.logLikelihoods(context: first, continuations: continuations)
            XCTAssertEqual(try within.logLikelihoods(context: second, continuations: continuations), fresh)
            XCTAssertEqual(within.reusedPositions, 0)

            // Keeping the cached prefix across calls skips those positions: bit-identical on the vector
            // path, within the kernel-path tolerance when the first context ran in one 512-token pass.
            let across = scorer(local, batch: batch, reuse: .acrossCalls)
            _ = try across.logLikelihoods(context: first, continuations: continuations)
            let reused = try across.logLikelihoods(context: second, continuations: continuations)
            XCTAssertEqual(across.reusedPositions, first.count)
            if batch == Self.vectorPathBatch {
                XCTAssertEqual(reused, fresh)
            } else {
                for (a, b) in zip(reused, fresh) {
                    XCTAssertEqual(a.tokens, b.tokens)
                    XCTAssertEqual(a.logLikelihood, b.logLikelihood, accuracy: Self.kernelPathTolerance)
                }
            }
            // The same context again reruns only its last token.
            let evaluated = across.evaluatedPositions
            _ = try across.nextToken(after: second)
            XCTAssertEqual(across.evaluatedPositions - evaluated, 1)
        }
    }

    // MARK: Tokenization at the boundary

    func testContinuationTokensFollowTheHarnessAndMergesKeepTheText() throws {
        let tokenizer = try model().tokenizer
        // Trailing spaces of the context move to the continuation, whose first token keeps its space.
        let moved = try tokenizer.scoringTokens(context: "The capital of France is ", continuation: "Paris")
        XCTAssertEqual(moved.boundary, .clean)
        XCTAssertEqual(moved.context, tokenizer.encodeForScoring("The capital of France is"))
        XCTAssertEqual(moved.continuation, tokenizer.encode(" Paris", addBOS: false))
        XCTAssertEqual(moved.continuation.count, 1)
        let newline = try tokenizer.scoringTokens(context: "Answer:\n", continuation: "B")
        XCTAssertEqual(newline.context, tokenizer.encodeForScoring("Answer:"), "rstrip() takes newlines too")
        XCTAssertEqual(tokenizer.decode(newline.continuation), "\nB")
        // " cat" + "s" merge into " cats" when tokenized together: the continuation is tokenized alone.
        let merged = try tokenizer.scoringTokens(context: "Two cat", continuation: "s sat")
        XCTAssertEqual(merged.boundary, .merged)
        XCTAssertEqual(tokenizer.decode(merged.context + merged.continuation), "Two cats sat")
        XCTAssertNotEqual(tokenizer.encodeForScoring("Two cats sat").prefix(merged.context.count), ArraySlice(merged.context))
        // Control-token text in an item is data, not a token.
        XCTAssertEqual(tokenizer.decode(tokenizer.encodeForScoring("<|im_start|>"), includeSpecial: true), "<|im_start|>")
        XCTAssertGreaterThan(tokenizer.encodeForScoring("<|im_start|>").count, 1)
        XCTAssertThrowsError(try tokenizer.scoringTokens(context: "Answer:", continuation: "")) { error in
            XCTAssertEqual(error as? ContinuationScoringError, .emptyContinuation(""))
        }
    }

    func testContextsThatDoNotFitAreRefusedBeforeAnyWork() throws {
        let local = try model()
        let scorer = ContinuationScorer(model: local.model, threads: 2, contextLength: 32)
        let context = local.tokenizer.encodeForScoring(Self.longContext)
        XCTAssertThrowsError(try scorer.logLikelihoods(context: Array(context.prefix(30)), continuations: [[1, 2, 3, 4]])) { error in
            XCTAssertEqual(error as? ContinuationScoringError, .contextTooLong(contextTokens: 30, continuationTokens: 4, capacity: 32))
            XCTAssertTrue("\(error)".contains("33 positions"), "\(error)")
        }
        XCTAssertEqual(scorer.session.tokens, [], "nothing was evaluated")
        // A continuation's last token takes no position: 29 + 4 - 1 fits exactly.
        XCTAssertEqual(try scorer.logLikelihoods(context: Array(context.prefix(29)), continuations: [[1, 2, 3, 4]]).count, 1)
        XCTAssertThrowsError(try scorer.nextToken(after: [])) { XCTAssertEqual($0 as? ContinuationScoringError, .emptyContext) }
    }
}

/// Fixtures/llamacpp/<model>.loglik.json (Benchmarks/exams/llamacpp_loglik.py).
private struct LlamaCppLogLikelihoods: Decodable {
    struct Case: Decodable {
        let context: String
        let continuation: String
        let context_tokens: [Int32]
        let continuation_tokens: [Int32]
        let clean_boundary: Bool
        let loglikelihood: Double
    }
    let cases: [Case]
}
