/// Token ids for throughput runs, as llama-bench uses random ids: what is measured is the cost of
/// the arithmetic, not the text. The generator is a 64-bit LCG (Knuth's MMIX constants) so that
/// Benchmarks/inference/llama_cpp_probe.py can produce the very same ids for llama.cpp.
public struct SyntheticTokens: Sendable {
    private var state: UInt64
    public let vocabularySize: Int

    public init(seed: UInt64, vocabularySize: Int) {
        state = seed
        self.vocabularySize = max(1, vocabularySize)
    }

    /// The next id in 0..<vocabularySize: the high 31 bits of the state modulo the vocabulary.
    public mutating func next() -> Int32 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int32((state >> 33) % UInt64(vocabularySize))
    }

    public mutating func take(_ count: Int) -> [Int32] {
        (0..<count).map { _ in next() }
    }
}
