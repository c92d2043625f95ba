/// The tensors of one transformer block, as views into the mapped file.
struct LayerWeights {
    var attentionNorm: [Float]
    var query: WeightMatrix
    var key: WeightMatrix
    var value: WeightMatrix
    var queryBias: [Float]?
    var keyBias: [Float]?
    var valueBias: [Float]?
    /// Per-head RMSNorm weights (Gemma 3), width `keyLength`.
    var queryNorm: [Float]?
    var keyNorm: [Float]?
    var attentionOutput: WeightMatrix
    var attentionOutputBias: [Float]?
    var postAttentionNorm: [Float]?
    var feedForwardNorm: [Float]
    var gate: WeightMatrix
    var up: WeightMatrix
    var down: WeightMatrix
    var postFeedForwardNorm: [Float]?
    /// Gemma 3's sliding-window layers attend locally; the others see the whole context.
    var usesSlidingWindow: Bool
    var ropeBase: Float
}

/// All weights of a model, bound by GGUF tensor names and checked against the config's shapes.
struct ModelWeights {
    var tokenEmbedding: WeightMatrix
    var outputNorm: [Float]
    /// The separate output matrix, or the token embedding when the model ties them.
    var output: WeightMatrix
    var layers: [LayerWeights]

    init(file: GGUFFile, config c: ModelConfig, traits: ArchitectureTraits) throws {
        let binder = TensorBinder(file: file)
        tokenEmbedding = try binder.matrix("token_embd.weight", rows: c.vocabularySize, columns: c.embeddingLength)
        outputNorm = try binder.vector("output_norm.weight", count: c.embeddingLength)
        if file.tensor(named: "output.weight") != nil {
            output = try binder.matrix("output.weight", rows: c.vocabularySize, columns: c.embeddingLength)
        } else {
            output = tokenEmbedding
        }
        var layers: [LayerWeights] = []
        for i in 0..<c.layerCount {
            let p = "blk.\(i)."
            let d = c.embeddingLength
            let sliding = traits.globalLayerPeriod.map { i % $0 != $0 - 1 } ?? false
            layers.append(LayerWeights(
                attentionNorm: try binder.vector(p + "attn_norm.weight", count: d),
                query: try binder.matrix(p + "attn_q.weight", rows: c.queryWidth, columns: d),
                key: try binder.matrix(p + "attn_k.weight", rows: c.keyWidth, columns: d),
                value: try binder.matrix(p + "attn_v.weight", rows: c.valueWidth, columns: d),
                queryBias: try binder.optionalVector(p + "attn_q.bias", count: c.queryWidth),
                keyBias: try binder.optionalVector(p + "attn_k.bias", count: c.keyWidth),
                valueBias: try binder.optionalVector(p + "attn_v.bias", count: c.valueWidth),
                queryNorm: traits.normalizesQueryKey ? try binder.vector(p + "attn_q_norm.weight", count: c.keyLength) : nil,
                keyNorm: traits.normalizesQueryKey ? try binder.vector(p + "attn_k_norm.weight", count: c.keyLength) : nil,
                attentionOutput: try binder.matrix(p + "attn_output.weight", rows: d, columns: c.headCount * c.valueLength),
                attentionOutputBias: try binder.optionalVector(p + "attn_output.bias", count: d),
                postAttentionNorm: traits.normalizesSublayerOutputs ? try binder.vector(p + "post_attention_norm.weight", count: d) : nil,
                feedForwardNorm: try binder.vector(p + "ffn_norm.weight", count: d),
                gate: try binder.matrix(p + "ffn_gate.weight", rows: c.feedForwardLength, columns: d),
                up: try binder.matrix(p + "ffn_up.weight", rows: c.feedForwardLength, columns: d),
                down: try binder.matrix(p + "ffn_down.weight", rows: d, columns: c.feedForwardLength),
                postFeedForwardNorm: traits.normalizesSublayerOutputs ? try binder.vector(p + "post_ffw_norm.weight", count: d) : nil,
                usesSlidingWindow: sliding && c.slidingWindow != nil,
                ropeBase: sliding ? (traits.localRopeBase ?? c.ropeBase) : c.ropeBase))
        }
        self.layers = layers
    }
}

/// Looks tensors up by name and checks their shapes, so a wrong file fails at load with the tensor's name.
private struct TensorBinder {
    let file: GGUFFile

    private func find(_ name: String) throws -> GGUFTensorInfo {
        guard let t = file.tensor(named: name) else {
            throw GGUFError(file: file.path, offset: nil, field: "tensor '\(name)'",
                            reason: "required by the architecture but missing from the file")
        }
        return t
    }

    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
        let t = try find(name)
        guard t.dimensions == [columns, rows] else {
            throw GGUFError(file: file.path, offset: t.fileOffset, field: "tensor '\(name)'",
                            reason: "expected shape [\(columns), \(rows)], found \(t.dimensions)")
        }
        return WeightMatrix(base: file.data(of: t), type: t.type, rows: rows, columns: columns)
    }

    func vector(_ name: String, count: Int) throws -> [Float] {
        let t = try find(name)
        guard t.elementCount == count, t.dimensions.count == 1 else {
            throw GGUFError(file: file.path, offset: t.fileOffset, field: "tensor '\(name)'",
                            reason: "expected a vector of \(count), found shape \(t.dimensions)")
        }
        var values = [Float](repeating: 0, count: count)
        do {
            try values.withUnsafeMutableBufferPointer {
                try Dequantize.row(t.type, from: file.data(of: t), count: count, into: $0.baseAddress!)
            }
        } catch {
            throw GGUFError(file: file.path, offset: t.fileOffset, field: "tensor '\(name)'", reason: "\(error)")
        }
        return values
    }

    func optionalVector(_ name: String, count: Int) throws -> [Float]? {
        file.tensor(named: name) == nil ? nil : try vector(name, count: count)
    }
}
