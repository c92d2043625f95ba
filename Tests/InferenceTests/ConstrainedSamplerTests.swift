@testable import Inference
import Support
import XCTest

/// The sampler's constrained path on hand-made logits: it draws exactly as masking the disallowed logits
/// would, and the best-first search finds the same order as sorting the vocabulary.
final class ConstrainedSamplerTests: XCTestCase {
    /// Allows a fixed set of ids: the smallest real `TokenConstraint`, for tests of the sampler alone.
    struct AllowedSet: TokenConstraint {
        var allowed: Set<Int32>
        var listed = false
        func allows(_ token: Int32) -> Bool { allowed.contains(token) }
        var candidates: [Int32]? { listed ? allowed.sorted() : nil }
        var isComplete: Bool { false }
        var mustEnd: Bool { false }
        mutating func accept(_ token: Int32) throws {}
    }

    func randomLogits(_ n: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        // Few distinct values, so ties (broken by id) occur.
        return (0..<n).map { _ in Float(Int(random.next() % 200)) / 10 - 10 }
    }

    func testBestFirstSelectionMatchesAFullSort() {
        let logits = randomLogits(5000, seed: 7)
        let sorted = logits.indices.map { Sampler.Candidate(id: Int32($0), logit: logits[$0]) }.sorted(by: AllowedCandidates.precedes)
        var after: Sampler.Candidate?
        var collected: [Sampler.Candidate] = []
        logits.withUnsafeBufferPointer { buffer in
            for k in [32, 256, 2048, 5000] {
                let chunk = AllowedCandidates.select(k, after: after, logits: buffer)
                collected += chunk
                after = chunk.last
            }
            // From a list of ids: the listed ones in the same order.
            let ids = (0..<Int32(logits.count)).filter { $0 % 7 == 3 }
            XCTAssertEqual(AllowedCandidates.select(100, after: nil, ids: ids, logits: buffer).map(\.id),
                           Array(sorted.map(\.id).filter { $0 % 7 == 3 }.prefix(100)))
        }
        XCTAssertEqual(collected.map(\.id), sorted.map(\.id))
    }

    func testConstrainedDrawsEqualDrawsOnMaskedLogits() {
        let n = 3000
        for seed in 0..<30 as Range<UInt64> {
            let logits = randomLogits(n, seed: seed)
            var random = SeededRandom(seed: seed + 100)
            let allowed = Set((0..<n).filter { _ in random.next() % 3 == 0 }.map { Int32($0) })
            let masked = logits.indices.map { allowed.contains(Int32($0)) ? logits[$0] : -Float.infinity }
            for configure in [{ (p: inout SamplingParameters) in p.temperature = 0 },
                              { (p: inout SamplingParameters) in p.temperature = 0.8; p.topK = 40; p.topP = 0.95; p.minP = 0.05 },
                              { (p: inout SamplingParameters) in p.temperature = 1.5; p.topK = 5; p.repetitionPenalty = 1.3 }] {
                var p = SamplingParameters()
                p.seed = seed
                configure(&p)
                var plain = Sampler(parameters: p), constrained = Sampler(parameters: p), listed = Sampler(parameters: p)
                let history: [Int32] = [1, 2, 3, Int32(seed)]
                let expected = plain.sample(masked[...], history: history)
                XCTAssertEqual(constrained.sample(logits[...], history: history, constraint: AllowedSet(allowed: allowed)), expected)
                XCTAssertEqual(listed.sample(logits[...], history: history, constraint: AllowedSet(allowed: allowed, listed: true)), expected)
                XCTAssertTrue(allowed.contains(expected))
            }
        }
    }

    func testNothingAllowedGivesNil() {
        var sampler = Sampler(parameters: SamplingParameters())
        XCTAssertNil(sampler.sample(randomLogits(100, seed: 1)[...], history: [], constraint: AllowedSet(allowed: [])))
    }
}
