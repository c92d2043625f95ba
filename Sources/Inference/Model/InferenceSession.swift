/// The run state of one conversation with a model: its KV cache, scratch buffers and thread pool.
///
/// `evaluate` appends tokens to the cache and computes logits. Prompts are processed in batches of
/// up to `batchCapacity` tokens, each matrix multiplied once per batch (prefill is batched work, not a
/// token loop); decoding is a batch of one. Not thread-safe: one caller at a time.
public final class InferenceSession {
    public let model: TransformerModel
    public let contextLength: Int
    public let batchCapacity: Int
    public var threadCount: Int { pool.threadCount }
    /// The tokens whose keys and values are in the cache, in order.
    public private(set) var tokens: [Int32] = []
    /// The kernel variants each cached position was computed with (parallel to `tokens`): they round
    /// differently, so a kept position only equals a fresh one computed with the same variants.
    private(set) var kernels: [PositionKernels] = []
    /// Logits of the last evaluated token (or of every token of the last call when asked), row-major.
    public private(set) var logits: [Float] = []

    let cache: KVCache
    let pool: ThreadPool
    /// Called with llama.cpp's graph tensor names ("attn_norm-3", "l_out-3", ...) and [rows][width]
    /// activations, to find the layer where two implementations part (see ParityLayerTests).
    var trace: ((_ name: String, _ values: UnsafePointer<Float>, _ rows: Int, _ width: Int) -> Void)?
    private let buffers: ForwardBuffers

    /// - Parameters:
    ///   - contextLength: positions the cache holds (default: the smaller of the trained length and 4096).
    ///   - threads: worker threads including the caller.
    ///   - batchCapacity: most tokens per forward pass (llama.cpp's default micro-batch is 512).
    public init(model: TransformerModel, contextLength: Int? = nil, threads: Int, batchCapacity: Int = 512) {
        self.model = model
        let context = max(1, contextLength ?? min(model.config.trainedContextLength, 4096))
        self.contextLength = context
        self.batchCapacity = max(1, min(batchCapacity, context))
        cache = KVCache(config: model.config, capacity: context)
        pool = ThreadPool(threads: threads)
        buffers = ForwardBuffers(model: model, batch: self.batchCapacity)
    }

    /// Forgets cached positions from `count` on, so a shared prefix can be kept and the rest recomputed.
    public func truncate(to count: Int) {
        tokens.removeSubrange(min(max(0, count), tokens.count)...)
        kernels.removeSubrange(min(max(0, count), kernels.count)...)
    }

    /// How many cached positions a call evaluating `prompt` may keep and still get the numbers a fresh
    /// session would: at most the shared prefix less one (the last token is evaluated for its logits),
    /// and only so far that every kept position was, and every re-evaluated one will be, computed with
    /// the kernel variants it gets when `prompt` is evaluated from position 0 in micro-batches of
    /// `batchCapacity`. (A short tail alone would take the vector attention path where the whole prompt
    /// takes the tiled one.) Within a variant, results do not depend on the other tokens of the batch.
    public func exactReusablePrefix(of prompt: [Int32]) -> Int {
        let fresh = Self.kernels(count: prompt.count, from: 0, batchCapacity: batchCapacity)
        var keep = min(zip(tokens, prompt).prefix { $0 == $1 }.count, max(0, prompt.count - 1))
        keep = min(keep, (0..<keep).first { kernels[$0] != fresh[$0] } ?? keep)
        while keep > 0 && Self.kernels(count: prompt.count, from: keep, batchCapacity: batchCapacity)[keep...] != fresh[keep...] {
            keep -= 1
        }
        return keep
    }

    /// The variants each of `count` positions gets when those from `first` on are evaluated in
    /// micro-batches of `batchCapacity` (positions before `first` are left at `.decoded`, unused).
    static func kernels(count: Int, from first: Int, batchCapacity: Int) -> [PositionKernels] {
        var out = [PositionKernels](repeating: .decoded, count: count)
        var start = first
        while start < count {
            let end = min(start + batchCapacity, count)
            for i in start..<end { out[i] = PositionKernels(index: i - start, batch: end - start) }
            start = end
        }
        return out
    }

    public enum LogitsRequest { case last, all, none }

    /// Runs `newTokens` through the model after the cached ones.
    /// - Returns: the logits of the last token (`logits` also holds every row when `.all` was asked).
    @discardableResult
    public func evaluate(_ newTokens: [Int32], logits request: LogitsRequest = .last) throws -> ArraySlice<Float> {
        guard !newTokens.isEmpty else { throw InferenceError.emptyInput }
        guard tokens.count + newTokens.count <= contextLength else {
            throw InferenceError.contextFull(needed: tokens.count + newTokens.count, capacity: contextLength)
        }
        let vocab = model.config.vocabularySize
        for (i, id) in newTokens.enumerated() where id < 0 || Int(id) >= vocab {
            throw InferenceError.invalidToken(id, position: i, vocabularySize: vocab)
        }
        let rowsWanted = request == .all ? newTokens.count : (request == .last ? 1 : 0)
        logits = [Float](repeating: 0, count: rowsWanted * vocab)
        var start = 0
        while start < newTokens.count {
            let end = min(start + batchCapacity, newTokens.count)
            let isLastBatch = end == newTokens.count
            let outputRows: Range<Int>
            switch request {
            case .all: outputRows = 0..<(end - start)
            case .last: outputRows = isLastBatch ? (end - start - 1)..<(end - start) : 0..<0
            case .none: outputRows = 0..<0
            }
            let firstLogitRow = request == .all ? start : 0
            logits.withUnsafeMutableBufferPointer { out in
                forward(Array(newTokens[start..<end]), outputRows: outputRows,
                        logits: out.baseAddress! + firstLogitRow * vocab)
            }
            tokens.append(contentsOf: newTokens[start..<end])
            kernels.append(contentsOf: (0..<(end - start)).map { PositionKernels(index: $0, batch: end - start) })
            start = end
        }
        return rowsWanted == 0 ? [] : logits[((rowsWanted - 1) * vocab)...]
    }

    // MARK: Forward pass

    /// One batch: embeddings, the blocks, then the output head for `outputRows` of the batch.
    private func forward(_ batch: [Int32], outputRows: Range<Int>, logits: UnsafeMutablePointer<Float>) {
        let c = model.config, w = model.weights, traits = model.traits, b = buffers
        let n = batch.count, d = c.embeddingLength
        let first = tokens.count

        // MARK: Embeddings: x[n][d]
        let embedding = w.tokenEmbedding
        let embedScale = traits.scalesEmbeddings ? Float(d).squareRoot() : 1
        for (t, id) in batch.enumerated() {
            let row = embedding.base + Int(id) * embedding.rowBytes
            try? Dequantize.row(embedding.type, from: row, count: d, into: b.x + t * d)
        }
        // llama.cpp's "embd" is the looked-up rows, before any scaling.
        trace?("embd", b.x, n, d)
        if embedScale != 1 { Ops.scale(b.x, by: embedScale, count: n * d) }
        b.prepareRope(config: c, layers: w.layers, firstPosition: first, count: n)

        for (l, layer) in w.layers.enumerated() {
            // MARK: Attention block
            for t in 0..<n {
                Ops.rmsNorm(b.x + t * d, weight: layer.attentionNorm, count: d, epsilon: c.rmsEpsilon, into: b.xn + t * d)
            }
            trace?("attn_norm-\(l)", b.xn, n, d)
            b.project([(layer.query, b.xn, b.q), (layer.key, b.xn, b.k), (layer.value, b.xn, b.v)], tokens: n, pool: pool)
            addBias(layer.queryBias, to: b.q, width: c.queryWidth, tokens: n)
            addBias(layer.keyBias, to: b.k, width: c.keyWidth, tokens: n)
            addBias(layer.valueBias, to: b.v, width: c.valueWidth, tokens: n)
            if let qn = layer.queryNorm, let kn = layer.keyNorm {
                normalizeHeads(b.q, weight: qn, heads: n * c.headCount, width: c.keyLength)
                normalizeHeads(b.k, weight: kn, heads: n * c.kvHeadCount, width: c.keyLength)
            }
            let (cosTable, sinTable) = b.ropeTables(forBase: layer.ropeBase)
            let half = c.ropeDimensions / 2
            for t in 0..<n {
                Ops.rope(b.q + t * c.queryWidth, heads: c.headCount, headWidth: c.keyLength, dimensions: c.ropeDimensions,
                         style: traits.ropeStyle, cos: cosTable + t * half, sin: sinTable + t * half)
                Ops.rope(b.k + t * c.keyWidth, heads: c.kvHeadCount, headWidth: c.keyLength, dimensions: c.ropeDimensions,
                         style: traits.ropeStyle, cos: cosTable + t * half, sin: sinTable + t * half)
                let kRow = cache.keyRow(layer: l, position: first + t), vRow = cache.valueRow(layer: l, position: first + t)
                for i in 0..<c.keyWidth { kRow[i] = Float16(b.k[t * c.keyWidth + i]) }
                for i in 0..<c.valueWidth { vRow[i] = Float16(b.v[t * c.valueWidth + i]) }
            }
            trace?("Qcur-\(l)", b.q, n, c.queryWidth)
            trace?("Kcur-\(l)", b.k, n, c.keyWidth)
            trace?("Vcur-\(l)", b.v, n, c.valueWidth)
            attend(layer: l, slidingWindow: layer.usesSlidingWindow ? c.slidingWindow : nil, firstPosition: first, tokens: n)
            trace?("kqv_out-\(l)", b.attention, n, c.headCount * c.valueLength)
            b.project([(layer.attentionOutput, b.attention, b.projected)], tokens: n, pool: pool)
            addBias(layer.attentionOutputBias, to: b.projected, width: d, tokens: n)
            trace?("attn_out-\(l)", b.projected, n, d)
            if let post = layer.postAttentionNorm {
                for t in 0..<n { Ops.rmsNorm(b.projected + t * d, weight: post, count: d, epsilon: c.rmsEpsilon, into: b.projected + t * d) }
            }
            Ops.add(b.x, b.projected, count: n * d)
            trace?("ffn_inp-\(l)", b.x, n, d)

            // MARK: Feed-forward block
            for t in 0..<n {
                Ops.rmsNorm(b.x + t * d, weight: layer.feedForwardNorm, count: d, epsilon: c.rmsEpsilon, into: b.xn + t * d)
            }
            trace?("ffn_norm-\(l)", b.xn, n, d)
            b.project([(layer.gate, b.xn, b.gate), (layer.up, b.xn, b.up)], tokens: n, pool: pool)
            trace?("ffn_gate-\(l)", b.gate, n, c.feedForwardLength)
            trace?("ffn_up-\(l)", b.up, n, c.feedForwardLength)
            switch traits.activation {
            case .swiGLU: Ops.swiGLU(b.gate, up: b.up, count: n * c.feedForwardLength)
            case .geGLU: Ops.geGLU(b.gate, up: b.up, count: n * c.feedForwardLength)
            }
            trace?(traits.activation == .swiGLU ? "ffn_swiglu-\(l)" : "ffn_geglu-\(l)", b.gate, n, c.feedForwardLength)
            b.project([(layer.down, b.gate, b.projected)], tokens: n, pool: pool)
            trace?("ffn_out-\(l)", b.projected, n, d)
            if let post = layer.postFeedForwardNorm {
                for t in 0..<n { Ops.rmsNorm(b.projected + t * d, weight: post, count: d, epsilon: c.rmsEpsilon, into: b.projected + t * d) }
            }
            Ops.add(b.x, b.projected, count: n * d)
            trace?("l_out-\(l)", b.x, n, d)
        }

        // MARK: Output head, only for the rows whose logits are wanted
        guard !outputRows.isEmpty else { return }
        for (i, t) in outputRows.enumerated() {
            Ops.rmsNorm(b.x + t * d, weight: w.outputNorm, count: d, epsilon: c.rmsEpsilon, into: b.xn + i * d)
        }
        trace?("result_norm", b.xn, outputRows.count, d)
        b.project([(w.output, b.xn, logits)], tokens: outputRows.count, pool: pool)
        trace?("result_output", logits, outputRows.count, c.vocabularySize)
    }

    private func addBias(_ bias: [Float]?, to y: UnsafeMutablePointer<Float>, width: Int, tokens n: Int) {
        guard let bias else { return }
        bias.withUnsafeBufferPointer { bp in
            for t in 0..<n { Ops.add(y + t * width, bp.baseAddress!, count: width) }
        }
    }

    private func normalizeHeads(_ x: UnsafeMutablePointer<Float>, weight: [Float], heads: Int, width: Int) {
        let eps = model.config.rmsEpsilon
        for h in 0..<heads { Ops.rmsNorm(x + h * width, weight: weight, count: width, epsilon: eps, into: x + h * width) }
    }

    /// Attention for every (token, head) pair of the batch, spread over the pool.
    private func attend(layer l: Int, slidingWindow: Int?, firstPosition first: Int, tokens n: Int) {
        let c = model.config, b = buffers
        let groups = c.headCount / c.kvHeadCount
        var scale = 1 / Float(c.keyLength).squareRoot()
        if model.traits.prescalesQuery {
            Ops.scale(b.q, by: scale, count: n * c.queryWidth)
            scale = 1
        }
        let keys = cache.keyRow(layer: l, position: 0), values = cache.valueRow(layer: l, position: 0)
        let path = Attention.Path.forBatch(n)
        let scratchBytes = Attention.scratchBytes(keyLength: c.keyLength, valueLength: c.valueLength)
        pool.parallelFor(chunks: n * c.headCount) { chunk in
            let t = chunk / c.headCount, h = chunk % c.headCount
            let position = first + t
            let lowest = slidingWindow.map { max(0, position - $0 + 1) } ?? 0
            let kvHead = h / groups
            withUnsafeTemporaryAllocation(byteCount: scratchBytes, alignment: 64) { scratch in
                Attention.attend(query: b.q + t * c.queryWidth + h * c.keyLength,
                                 keyLength: c.keyLength, valueLength: c.valueLength,
                                 keys: keys + kvHead * c.keyLength, keyStride: c.keyWidth,
                                 values: values + kvHead * c.valueLength, valueStride: c.valueWidth,
                                 positions: lowest..<(position + 1), scale: scale, path: path,
                                 output: b.attention + t * c.headCount * c.valueLength + h * c.valueLength,
                                 scratch: scratch.baseAddress!)
            }
        }
    }
}
