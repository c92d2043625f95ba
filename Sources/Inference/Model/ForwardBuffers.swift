#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch memory for one batch of the forward pass, allocated once per session (64-byte aligned
/// so SIMD loads never straddle cache lines), plus the matrix-product dispatcher that uses it.
final class ForwardBuffers {
    let batch: Int
    // Shapes are [batch][width], row-major.
    let x: UnsafeMutablePointer<Float>          // residual stream [batch][embedding]
    let xn: UnsafeMutablePointer<Float>         // normalized input of a sublayer [batch][embedding]
    let q: UnsafeMutablePointer<Float>          // [batch][heads * keyLength]
    let k: UnsafeMutablePointer<Float>          // [batch][kvHeads * keyLength]
    let v: UnsafeMutablePointer<Float>          // [batch][kvHeads * valueLength]
    let attention: UnsafeMutablePointer<Float>  // [batch][heads * valueLength]
    let projected: UnsafeMutablePointer<Float>  // sublayer output [batch][embedding]
    let gate: UnsafeMutablePointer<Float>       // [batch][feedForward]
    let up: UnsafeMutablePointer<Float>         // [batch][feedForward]
    /// Quantized activations: up to three distinct (input, format) pairs per product call.
    let quantized: [UnsafeMutableRawPointer]
    let quantizedCapacity: Int
    /// RoPE cos/sin per distinct base: [batch][ropeDimensions / 2] each.
    private var ropeBases: [Float] = []
    private var ropeCos: [UnsafeMutablePointer<Float>] = []
    private var ropeSin: [UnsafeMutablePointer<Float>] = []
    private var allocations: [UnsafeMutableRawPointer] = []

    init(model: TransformerModel, batch: Int) {
        let c = model.config
        self.batch = batch
        var owned: [UnsafeMutableRawPointer] = []
        func floats(_ width: Int) -> UnsafeMutablePointer<Float> {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, batch * width) * 4, alignment: 64)
            owned.append(raw)
            return raw.bindMemory(to: Float.self, capacity: batch * width)
        }
        let d = c.embeddingLength
        x = floats(d)
        xn = floats(max(d, c.embeddingLength))
        q = floats(c.queryWidth)
        k = floats(c.keyWidth)
        v = floats(c.valueWidth)
        attention = floats(c.headCount * c.valueLength)
        projected = floats(d)
        gate = floats(c.feedForwardLength)
        up = floats(c.feedForwardLength)

        // The widest quantized input any matrix of this model needs, per token.
        var widest = 0
        for t in model.file.tensors where t.dimensions.count == 2 {
            widest = max(widest, MatMul.activationRowBytes(for: t.type, columns: t.dimensions[0]))
        }
        quantizedCapacity = widest * batch
        var q: [UnsafeMutableRawPointer] = []
        for _ in 0..<3 {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(64, quantizedCapacity), alignment: 64)
            owned.append(raw)
            q.append(raw)
        }
        quantized = q

        var bases = Set([c.ropeBase])
        for layer in model.weights.layers { bases.insert(layer.ropeBase) }
        for base in bases.sorted() {
            ropeBases.append(base)
            ropeCos.append(floats(c.ropeDimensions / 2))
            ropeSin.append(floats(c.ropeDimensions / 2))
        }
        allocations = owned
    }

    deinit {
        for a in allocations { a.deallocate() }
    }

    // MARK: RoPE tables

    func prepareRope(config c: ModelConfig, layers: [LayerWeights], firstPosition: Int, count: Int) {
        let half = c.ropeDimensions / 2
        for (i, base) in ropeBases.enumerated() {
            for t in 0..<count {
                Ops.ropeAngles(position: firstPosition + t, dimensions: c.ropeDimensions, base: base, scale: c.ropeScale,
                               cos: ropeCos[i] + t * half, sin: ropeSin[i] + t * half)
            }
        }
    }

    func ropeTables(forBase base: Float) -> (UnsafePointer<Float>, UnsafePointer<Float>) {
        let i = ropeBases.firstIndex(of: base) ?? 0
        return (UnsafePointer(ropeCos[i]), UnsafePointer(ropeSin[i]))
    }

    // MARK: Matrix products

    /// Quantizes the activation rows, split over the pool for a prompt batch: rows are independent,
    /// and on one thread this step would idle the others (about 2% of prefill on SmolLM2).
    private func quantize(_ x: UnsafeMutablePointer<Float>, tokens n: Int, columns: Int, for type: GGMLType,
                          into buffer: UnsafeMutableRawPointer, pool: ThreadPool) {
        // Below 16 rows a chunk is shorter than waking the workers.
        let chunks = n < 16 ? 1 : min(n / 8, pool.threadCount * 4)
        let rowBytes = MatMul.activationRowBytes(for: type, columns: columns)
        pool.parallelFor(chunks: chunks) { c in
            let lo = c * n / chunks, hi = (c + 1) * n / chunks
            MatMul.quantizeActivations(x + lo * columns, rows: hi - lo, columns: columns, for: type,
                                       into: buffer + lo * rowBytes)
        }
    }

    typealias Product = (weight: WeightMatrix, input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>)

    /// output[t][r] = weight[r] . input[t] for every product, all rows of all products in one
    /// parallel loop. Each distinct (input, activation format) is quantized once.
    func project(_ products: [Product], tokens n: Int, pool: ThreadPool) {
        var quantizedInputs: [(input: UnsafeMutablePointer<Float>, format: GGMLType, buffer: UnsafeMutableRawPointer)] = []
        var sources: [UnsafeRawPointer] = []
        for p in products {
            let format = MatMul.activationType(for: p.weight.type)
            if let found = quantizedInputs.first(where: { $0.input == p.input && $0.format == format }) {
                sources.append(UnsafeRawPointer(found.buffer))
                continue
            }
            let buffer = quantized[quantizedInputs.count]
            quantize(p.input, tokens: n, columns: p.weight.columns, for: p.weight.type, into: buffer, pool: pool)
            quantizedInputs.append((p.input, format, buffer))
            sources.append(UnsafeRawPointer(buffer))
        }

        // Chunks of rows, never crossing a product: enough chunks to balance the threads,
        // large enough that handing one out costs little next to its work.
        let totalRows = products.reduce(0) { $0 + $1.weight.rows }
        let target = max(16, totalRows / (pool.threadCount * 8))
        let chunkRows = (target + 15) / 16 * 16
        var chunkStarts: [Int] = [0]
        for p in products { chunkStarts.append(chunkStarts.last! + (p.weight.rows + chunkRows - 1) / chunkRows) }
        pool.parallelFor(chunks: chunkStarts.last!) { chunk in
            var i = 0
            while chunkStarts[i + 1] <= chunk { i += 1 }
            let p = products[i]
            let lo = (chunk - chunkStarts[i]) * chunkRows
            let hi = min(lo + chunkRows, p.weight.rows)
            MatMul.multiply(p.weight, rows: lo..<hi, activations: sources[i], tokens: n,
                            output: p.output, outputStride: p.weight.rows)
        }
    }
}
