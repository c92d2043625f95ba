import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses tokens from logits: penalties, then top-k, top-p, min-p, temperature and a seeded draw,
/// in llama.cpp's default order. Greedy decoding skips the distribution entirely.
public struct Sampler {
    public let parameters: SamplingParameters
    private var random: SeededRandom

    /// A candidate token with its (penalized) logit.
    struct Candidate { var id: Int32; var logit: Float }

    public init(parameters: SamplingParameters) {
        self.parameters = parameters
        random = SeededRandom(seed: parameters.seed)
    }

    /// - Parameters:
    ///   - logits: one row of vocabulary logits.
    ///   - history: the tokens so far (prompt and generated), for the penalties.
    public mutating func sample(_ logits: ArraySlice<Float>, history: [Int32]) -> Int32 {
        let p = parameters
        let penalized = penalties(logits, history: history)
        func logit(_ i: Int) -> Float { penalized[Int32(i)] ?? logits[logits.startIndex + i] }

        if p.isGreedy {
            var best = 0
            var bestLogit = logit(0)
            for i in 1..<logits.count {
                let l = logit(i)
                if l > bestLogit { best = i; bestLogit = l }
            }
            return Int32(best)
        }

        // Candidates: tokens whose probability is within e^-30 of the best at this temperature;
        // the rest could not be drawn in practice and sorting them would dominate the cost.
        var maxLogit = -Float.infinity
        for i in 0..<logits.count { maxLogit = max(maxLogit, logit(i)) }
        let floor = maxLogit - 30 * p.temperature
        var candidates: [Candidate] = []
        for i in 0..<logits.count where logit(i) >= floor { candidates.append(Candidate(id: Int32(i), logit: logit(i))) }
        candidates.sort { $0.logit > $1.logit || ($0.logit == $1.logit && $0.id < $1.id) }
        return draw(from: candidates)
    }

    /// Like `sample(_:history:)`, but only among the tokens `constraint` allows, as if the others had a
    /// logit of -infinity. Returns nil when it allows none.
    ///
    /// Allowed tokens are found best first, so a step asks the constraint about few tokens: greedy decoding
    /// stops at the first allowed one; sampling collects the best `topK` allowed ones (which is exactly
    /// masking, since top-k comes first in the chain), or `constrainedCandidateLimit` when top-k is off.
    public mutating func sample(_ logits: ArraySlice<Float>, history: [Int32], constraint: some TokenConstraint) -> Int32? {
        let p = parameters
        let penalized = penalties(logits, history: history)
        let limit = p.isGreedy ? 1 : p.topK > 0 ? p.topK : Self.constrainedCandidateLimit
        let width = p.isGreedy ? Float.infinity : 30 * p.temperature
        let candidates: [Candidate]
        if penalized.isEmpty {
            candidates = logits.withUnsafeBufferPointer {
                AllowedCandidates.best(limit: limit, width: width, logits: $0, constraint: constraint)
            }
        } else {
            var adjusted = Array(logits)
            for (id, l) in penalized { adjusted[Int(id)] = l }
            candidates = adjusted.withUnsafeBufferPointer {
                AllowedCandidates.best(limit: limit, width: width, logits: $0, constraint: constraint)
            }
        }
        guard let best = candidates.first else { return nil }
        return p.isGreedy ? best.id : draw(from: candidates)
    }

    /// Allowed candidates a constrained draw considers when top-k is off: beyond the best thousand, the
    /// probability left is negligible for the models we run, and finding it would mean testing the vocabulary.
    static let constrainedCandidateLimit = 1000

    /// Penalized logits of the recently seen tokens; the rest keep their logits.
    private func penalties(_ logits: ArraySlice<Float>, history: [Int32]) -> [Int32: Float] {
        let p = parameters
        var penalized: [Int32: Float] = [:]
        if p.repetitionPenalty != 1 || p.frequencyPenalty != 0 || p.presencePenalty != 0 {
            var counts: [Int32: Int] = [:]
            for id in history.suffix(p.penaltyWindow) { counts[id, default: 0] += 1 }
            let base = logits.startIndex
            for (id, count) in counts where Int(id) < logits.count {
                var l = logits[base + Int(id)]
                l = l > 0 ? l / p.repetitionPenalty : l * p.repetitionPenalty
                l -= Float(count) * p.frequencyPenalty + p.presencePenalty
                penalized[id] = l
            }
        }
        return penalized
    }

    /// The stages after the candidates are sorted best first: top-k, top-p, min-p, temperature, the draw.
    private mutating func draw(from sorted: [Candidate]) -> Int32 {
        let p = parameters
        var candidates = sorted
        if p.topK > 0 && candidates.count > p.topK { candidates.removeSubrange(p.topK...) }
        var probabilities = Self.softmax(candidates.map(\.logit), temperature: 1)
        if p.topP < 1 {
            var cumulative: Float = 0
            var keep = candidates.count
            for (i, q) in probabilities.enumerated() {
                cumulative += q
                if cumulative >= p.topP { keep = i + 1; break }
            }
            candidates.removeSubrange(keep...)
            probabilities.removeSubrange(keep...)
        }
        if p.minP > 0, let top = probabilities.first {
            let keep = probabilities.prefix { $0 >= p.minP * top }.count
            candidates.removeSubrange(max(1, keep)...)
        }
        let final = Self.softmax(candidates.map(\.logit), temperature: p.temperature)
        let u = Float(random.nextUnit())
        var cumulative: Float = 0
        for (i, q) in final.enumerated() {
            cumulative += q
            if u < cumulative { return candidates[i].id }
        }
        return candidates[candidates.count - 1].id
    }

    static func softmax(_ logits: [Float], temperature: Float) -> [Float] {
        guard let m = logits.max() else { return [] }
        var e = logits.map { expf(($0 - m) / temperature) }
        let s = e.reduce(0, +)
        for i in e.indices { e[i] /= s }
        return e
    }
}
