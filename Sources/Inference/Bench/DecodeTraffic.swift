/// The weight bytes one decoded token reads: every matrix of every block, the output head, and
/// one embedding row. Norm vectors are copied to small arrays at load and not counted; the KV
/// cache reads (under 2% of the weights at 128 positions for these models) are not counted either.
public enum DecodeTraffic {
    public static func weightBytesPerToken(_ model: TransformerModel) -> Int {
        let w = model.weights
        func bytes(_ m: WeightMatrix) -> Int { m.rows * m.rowBytes }
        var total = bytes(w.output) + w.tokenEmbedding.rowBytes
        for l in w.layers {
            total += bytes(l.query) + bytes(l.key) + bytes(l.value) + bytes(l.attentionOutput)
            total += bytes(l.gate) + bytes(l.up) + bytes(l.down)
        }
        return total
    }
}
