/// The hyperparameters of a transformer, read from GGUF metadata under the architecture's prefix.
public struct ModelConfig: Sendable, Equatable {
    public var architecture: String
    public var layerCount: Int
    public var embeddingLength: Int
    public var feedForwardLength: Int
    public var headCount: Int
    public var kvHeadCount: Int
    /// Per-head width of queries/keys and of values (they differ from embedding/heads in Gemma 3).
    public var keyLength: Int
    public var valueLength: Int
    public var ropeDimensions: Int
    public var ropeBase: Float
    public var ropeScale: Float
    public var rmsEpsilon: Float
    public var trainedContextLength: Int
    public var slidingWindow: Int?
    public var vocabularySize: Int

    public var queryWidth: Int { headCount * keyLength }
    public var keyWidth: Int { kvHeadCount * keyLength }
    public var valueWidth: Int { kvHeadCount * valueLength }

    public init(metadata m: GGUFMetadata) throws {
        let arch = try m.string("general.architecture")
        let p = arch + "."
        architecture = arch
        layerCount = try m.int(p + "block_count")
        embeddingLength = try m.int(p + "embedding_length")
        feedForwardLength = try m.int(p + "feed_forward_length")
        headCount = try m.int(p + "attention.head_count")
        kvHeadCount = try m.int(p + "attention.head_count_kv", default: headCount)
        let defaultHead = headCount > 0 ? embeddingLength / headCount : 0
        keyLength = try m.int(p + "attention.key_length", default: defaultHead)
        valueLength = try m.int(p + "attention.value_length", default: keyLength)
        ropeDimensions = try m.int(p + "rope.dimension_count", default: keyLength)
        ropeBase = try m.float(p + "rope.freq_base", default: 10_000)
        let scaleType = try m.optionalString(p + "rope.scaling.type") ?? "none"
        let factor = try m.float(p + "rope.scaling.factor", default: 1)
        ropeScale = (scaleType == "linear" && factor > 0) ? 1 / factor : 1
        rmsEpsilon = try m.float(p + "attention.layer_norm_rms_epsilon", default: 1e-5)
        trainedContextLength = try m.int(p + "context_length", default: 2048)
        slidingWindow = m.contains(p + "attention.sliding_window") ? try m.int(p + "attention.sliding_window") : nil
        let tokens = m["tokenizer.ggml.tokens"]?.arrayValue?.count
        vocabularySize = try m.int(p + "vocab_size", default: tokens ?? 0)

        let file = m.file
        func check(_ ok: Bool, _ key: String, _ reason: String) throws {
            if !ok { throw GGUFError(file: file, offset: nil, field: "metadata '\(p)\(key)'", reason: reason) }
        }
        try check(layerCount > 0, "block_count", "must be positive, found \(layerCount)")
        try check(embeddingLength > 0, "embedding_length", "must be positive, found \(embeddingLength)")
        try check(headCount > 0, "attention.head_count", "must be positive, found \(headCount)")
        try check(kvHeadCount > 0 && headCount % kvHeadCount == 0, "attention.head_count_kv",
                  "must divide head_count \(headCount), found \(kvHeadCount)")
        try check(keyLength > 0 && keyLength % 2 == 0, "attention.key_length", "must be a positive even number, found \(keyLength)")
        try check(ropeDimensions > 0 && ropeDimensions <= keyLength && ropeDimensions % 2 == 0, "rope.dimension_count",
                  "must be even and at most the head width \(keyLength), found \(ropeDimensions)")
        try check(vocabularySize > 0, "vocab_size", "no vocabulary size and no tokenizer.ggml.tokens")
    }
}
