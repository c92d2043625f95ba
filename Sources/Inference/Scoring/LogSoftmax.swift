#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The log-softmax of one row of logits: log p(i) = logit(i) - log sum_j exp(logit(j)).
///
/// The normalizer is a log-sum-exp with the maximum subtracted first (so no exp overflows) and the
/// exponentials summed in Double: 49,152 Float terms summed in Float would lose about 1e-3 relative
/// precision in the worst order, which is the size of differences the scoring tests compare.
public struct LogSoftmax: Sendable {
    /// The row's logits, as the model produced them.
    public let logits: [Float]
    /// log sum_j exp(logits[j]).
    public let logNormalizer: Double
    /// The index of the largest logit (the first on a tie), the greedy next token.
    public let argmax: Int32

    public init<C: Collection>(logits row: C) where C.Element == Float {
        logits = Array(row)
        var top: Float = -.infinity, best = 0
        for (i, value) in logits.enumerated() where value > top {
            top = value
            best = i
        }
        var sum = 0.0
        let shift = Double(top)
        for value in logits { sum += exp(Double(value) - shift) }
        logNormalizer = shift + log(sum)
        argmax = Int32(best)
    }

    /// log p(`id`); -infinity outside the row.
    public func logProbability(_ id: Int32) -> Double {
        guard id >= 0, Int(id) < logits.count else { return -.infinity }
        return Double(logits[Int(id)]) - logNormalizer
    }

    /// log p of each id in `ids`, in order.
    public func logProbabilities(_ ids: [Int32]) -> [Double] { ids.map(logProbability) }

    /// Every log p over the vocabulary, in id order.
    public var all: [Double] { logits.map { Double($0) - logNormalizer } }
}
