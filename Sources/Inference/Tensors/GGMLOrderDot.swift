/// Scalar copies of the float summation order of llama.cpp's x86 matrix kernels (commit 0c1e57098,
/// AVX2 and AVX-512 builds), one per weight type our C kernels follow. `ReferenceDot` says what a
/// dot product is; this says in which order llama.cpp rounds it, which decides whether our logits
/// equal its logits bit for bit. The C kernels must equal these exactly (KernelsGGMLOrderTests).
/// Not used on the hot path.
///
/// Every kernel keeps, per output, float accumulators that run over the blocks in order with fused
/// multiply-adds; they differ in what they accumulate:
/// - Q4_0/Q5_0/Q8_0 (`ggml_vec_dot_q*_0_q8_0`; llamafile's tinyBLAS_Q0_AVX for prompts) and
///   Q4_1/Q5_1 (`ggml_vec_dot_q*_1_q8_1`): 8 lanes, lane i the integer dot of bytes 4i..4i+3 of the
///   block, acc_i = fma(d_w * d_a, lane_i, acc_i); result `hsum8(acc)`, for Q4_1/Q5_1 plus a scalar
///   summs = fma(m_w, s_a, summs).
/// - Q4_K (weights repacked 8 rows at a time): one scalar chain of integer totals of sc * dot, one of
///   min * bsum, result acc - mins. A total covers a super-block in `ggml_gemv_q4_K_8x8_q8_K` (the
///   last batch % 4 tokens of a batch, so every decoded token) and a pair of sub-blocks (64 weights)
///   in `ggml_gemm_q4_K_8x8_q8_K` (the batch's other tokens, in groups of 4). llama.cpp quantizes
///   the gemm tokens' activations with `ggml_quantize_mat_q8_K_4x8`, which differs from
///   `quantize_row_q8_K` only when a block's largest magnitude occurs with both signs.
/// - Q6_K, batches under 8 tokens (`ggml_vec_dot_q6_K_q8_K`): 8 lanes of 32-bit sums of 4-byte groups
///   of each 32-byte chunk times its sub-block scale, minus 32 x (scale-weighted bsums of 32
///   activations); acc_i = fma(d_a * d_w, lane_i, acc_i), then hsum8.
/// - Q6_K, batches of 8 or more (ggml-cpu's tiled K-quant matmul, `tiled/tiled-kernel.cpp`): one
///   chain of each super-block's integer total S, acc = fma(float(S) * d_w, d_a, acc).
public enum GGMLOrderDot {
    /// The weight types with a mirrored order; `dot` returns nil for the others.
    public static let types: Set<GGMLType> = [.q4_0, .q5_0, .q8_0, .q4_1, .q5_1, .q4_K, .q6_K]

    /// Dot product of `count` weights (format `type`) with the activation row quantized for them,
    /// rounded as llama.cpp's x86 kernel for `type` rounds it for token `token` of a batch of
    /// `batch` tokens (only the K-quants' orders depend on them); nil for types not in `types`.
    public static func dot(_ type: GGMLType, weights w: UnsafeRawPointer, activations a: UnsafeRawPointer,
                           count: Int, token: Int = 0, batch: Int = 1) -> Float? {
        let blocks = count / type.blockSize
        switch type {
        case .q4_0, .q5_0, .q8_0, .q4_1, .q5_1:
            let hasMin = type == .q4_1 || type == .q5_1
            let actBytes = hasMin ? 36 : 34, actQuants = hasMin ? 4 : 2
            var acc = [Float](repeating: 0, count: 8), summs: Float = 0
            var values = [Int32](repeating: 0, count: 32)
            for b in 0..<blocks {
                let wb = w + b &* type.bytesPerBlock, ab = a + b &* actBytes
                ReferenceDot.legacyInts(type, wb, &values)
                let scale = HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0)
                for lane in 0..<8 {
                    var isum: Int32 = 0
                    for j in (4 * lane)..<(4 * lane + 4) {
                        isum += values[j] * Int32(ab.load(fromByteOffset: actQuants + j, as: Int8.self))
                    }
                    acc[lane] = acc[lane].addingProduct(scale, Float(isum))
                }
                if hasMin { summs = summs.addingProduct(HalfFloat.loadHalf(wb, 2), HalfFloat.loadHalf(ab, 2)) }
            }
            return hasMin ? hsum8(acc) + summs : hsum8(acc)
        case .q4_K:
            let inGemm = token < batch - batch % 4
            var acc: Float = 0, mins: Float = 0
            for b in 0..<blocks {
                let wb = w + b &* type.bytesPerBlock, ab = a + b &* 292
                let da = ab.loadUnaligned(as: Float.self)
                let d = HalfFloat.loadHalf(wb, 0) * da, dmin = HalfFloat.loadHalf(wb, 2) * da
                var scaled: Int32 = 0, minSum: Int32 = 0
                for sub in 0..<8 {
                    let (scale, min) = KQuantScales.q4K(wb + 4, sub)
                    var dotSum: Int32 = 0, actSum: Int32 = 0
                    for i in (32 * sub)..<(32 * sub + 32) {
                        let x = Int32(ab.load(fromByteOffset: 4 + i, as: Int8.self))
                        let byte = wb.load(fromByteOffset: 16 + 32 * (i / 64) + i % 32, as: UInt8.self)
                        dotSum += Int32((i % 64) >= 32 ? byte >> 4 : byte & 0x0F) * x
                        actSum += x
                    }
                    scaled += scale * dotSum
                    minSum += min * actSum
                    if inGemm && sub % 2 == 1 || sub == 7 {
                        acc = acc.addingProduct(Float(scaled), d)
                        mins = mins.addingProduct(Float(minSum), dmin)
                        scaled = 0; minSum = 0
                    }
                }
            }
            return acc - mins
        case .q6_K:
            var acc = [Float](repeating: 0, count: 8), tiled: Float = 0
            for b in 0..<blocks {
                let wb = w + b &* type.bytesPerBlock, ab = a + b &* 292
                let da = ab.loadUnaligned(as: Float.self), dw = HalfFloat.loadHalf(wb, 208)
                let scale = da * dw
                var total: Int32 = 0
                for lane in 0..<8 {
                    var isum: Int32 = 0
                    for chunk in 0..<8 {
                        for k in 0..<4 {
                            let i = 32 * chunk + 4 * lane + k
                            let sub = Int32(wb.load(fromByteOffset: 192 + i / 16, as: Int8.self))
                            isum += sub * q6KUnsigned(wb, i) * Int32(ab.load(fromByteOffset: 4 + i, as: Int8.self))
                        }
                    }
                    var offset: Int32 = 0
                    for s in (2 * lane)..<(2 * lane + 2) {
                        let bsum = Int32(ab.loadUnaligned(fromByteOffset: 260 + 2 * s, as: Int16.self))
                        offset += bsum * Int32(wb.load(fromByteOffset: 192 + s, as: Int8.self))
                    }
                    acc[lane] = acc[lane].addingProduct(scale, Float(isum - 32 * offset))
                    total += isum - 32 * offset
                }
                tiled = tiled.addingProduct(Float(total) * dw, da)
            }
            return batch >= 8 ? tiled : hsum8(acc)
        default:
            return nil
        }
    }

    /// Weight `i` of a Q6_K block as stored, 0..63 (the format's value is this minus 32).
    private static func q6KUnsigned(_ wb: UnsafeRawPointer, _ i: Int) -> Int32 {
        let half = i / 128, part = (i % 128) / 32, l = i % 32
        let lowByte = wb.load(fromByteOffset: 64 * half + 32 * (part % 2) + l, as: UInt8.self)
        let low = part < 2 ? lowByte & 0x0F : lowByte >> 4
        let high = (wb.load(fromByteOffset: 128 + 32 * half + l, as: UInt8.self) >> UInt8(2 * part)) & 3
        return Int32(low | (high << 4))
    }

    /// ggml's `hsum_float_8`: high half plus low half, then lanes (0+2) + (1+3).
    static func hsum8(_ x: [Float]) -> Float {
        let r0 = x[4] + x[0], r1 = x[5] + x[1], r2 = x[6] + x[2], r3 = x[7] + x[3]
        return (r0 + r2) + (r1 + r3)
    }
}
