/// How one transformer family differs from the plain Llama block, as data.
///
/// Adding an architecture means adding one entry to `ArchitectureTraits.registry`, not branching the
/// forward pass on a name. Tensor presence (biases, separate output matrix) is read from the file,
/// so it needs no trait.
public struct ArchitectureTraits: Sendable {
    public enum RopeStyle: Sendable {
        /// Rotates adjacent pairs (x0, x1), (x2, x3)... (ggml's "normal" mode: Llama).
        case adjacentPairs
        /// Rotates (x_i, x_{i+d/2}) (ggml's NeoX mode: Qwen2, Gemma).
        case halves
    }

    public enum FeedForwardActivation: Sendable {
        /// silu(gate) * up
        case swiGLU
        /// gelu_tanh(gate) * up, with ggml's f16 lookup table for parity with llama.cpp
        case geGLU
    }

    public var ropeStyle: RopeStyle
    public var activation: FeedForwardActivation
    /// Multiply the token embeddings by sqrt(embedding length) (Gemma).
    public var scalesEmbeddings: Bool
    /// RMS-normalize each query and key head with learned weights before RoPE (Gemma 3).
    public var normalizesQueryKey: Bool
    /// RMS-normalize the attention and feed-forward outputs before the residual add (Gemma 2/3).
    public var normalizesSublayerOutputs: Bool
    /// Every n-th layer attends globally and the others through the sliding window (Gemma 3: 6);
    /// nil when all layers are global.
    public var globalLayerPeriod: Int?
    /// RoPE base of the sliding-window layers when it differs from the file's (Gemma 3: 10,000).
    public var localRopeBase: Float?
    /// Multiply the query by 1/sqrt(head width) before attention rather than each score after it
    /// (Gemma 3, as llama.cpp does). Equal in exact arithmetic, but the f16 rounding of the query in
    /// ggml's attention then sees the scaled values, which matters for tiny ones.
    public var prescalesQuery: Bool = false

    public static let llama = ArchitectureTraits(
        ropeStyle: .adjacentPairs, activation: .swiGLU, scalesEmbeddings: false,
        normalizesQueryKey: false, normalizesSublayerOutputs: false, globalLayerPeriod: nil, localRopeBase: nil)

    /// The architectures Consilium runs, by `general.architecture`.
    public static let registry: [String: ArchitectureTraits] = [
        "llama": .llama,
        "mistral": .llama,
        "qwen2": ArchitectureTraits(
            ropeStyle: .halves, activation: .swiGLU, scalesEmbeddings: false,
            normalizesQueryKey: false, normalizesSublayerOutputs: false, globalLayerPeriod: nil, localRopeBase: nil),
        "gemma3": ArchitectureTraits(
            ropeStyle: .halves, activation: .geGLU, scalesEmbeddings: true,
            normalizesQueryKey: true, normalizesSublayerOutputs: true, globalLayerPeriod: 6, localRopeBase: 10_000,
            prescalesQuery: true),
    ]
}
