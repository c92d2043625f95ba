/// Which kernel variants computed one position of a micro-batch. They follow llama.cpp's CPU backend,
/// which picks them by the batch's size and the token's place in it, and each rounds differently;
/// within one variant a token's numbers do not depend on the other tokens of its batch. So a position
/// kept in the cache equals a freshly computed one exactly when both got the same variants (for the
/// weight types our kernels mirror; see `GGMLOrderDot`).
struct PositionKernels: Equatable {
    /// Attention on the tiled path (a batch of 64 or more) rather than the vector one.
    var tiledAttention: Bool
    /// Among the batch's first `batch - batch % 4` tokens, which repacked Q4_K multiplies in gemm
    /// groups of 4; the rest go through gemv, as every decoded token does.
    var grouped: Bool
    /// In a batch of 8 or more tokens, which Q6_K multiplies with ggml-cpu's tiled kernel.
    var batchOfEight: Bool

    /// A token decoded alone.
    static let decoded = PositionKernels(index: 0, batch: 1)

    /// Token `index` of a micro-batch of `batch` tokens.
    init(index: Int, batch: Int) {
        tiledAttention = Attention.Path.forBatch(batch) == .tiled
        grouped = index < batch - batch % 4
        batchOfEight = batch >= 8
    }
}
