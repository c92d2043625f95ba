#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Attention of one query head over a range of cached positions, computed as ggml's CPU flash
/// attention (llama.cpp 0c1e57098, `ggml_compute_forward_flash_attn_ext_f16`) does with an f16 cache,
/// rounding at the same points, since parity with llama.cpp's logits is how the core is checked.
///
/// ggml picks one of two algorithms by the number of query tokens in the micro-batch:
/// - `.vector` (fewer than 64 tokens, so every decode step): the query is rounded to f16, each score
///   is an f16 x f16 dot product summed in f32 in the order of ggml's 512-bit `ggml_vec_dot_f16`, the
///   softmax is online per position with libm `expf`, and the weighted values are summed in an f16
///   accumulator.
/// - `.tiled` (64 or more tokens): everything in f32, positions in tiles of 64: scores are sequential
///   fused dot products, each tile's softmax uses ggml's vectorized exp, and values are accumulated with
///   sequential fused multiply-adds per tile.
enum Attention {
    enum Path {
        case vector, tiled

        /// The path ggml takes for a micro-batch of `tokens` query tokens (ggml_fa_tile_config::Q = 64).
        static func forBatch(_ tokens: Int) -> Path { tokens >= tileLength ? .tiled : .vector }
    }

    /// Positions per tile in the tiled path (ggml_fa_tile_config::KV).
    static let tileLength = 64

    /// Bytes of scratch `attend` needs per call.
    static func scratchBytes(keyLength: Int, valueLength: Int) -> Int {
        (keyLength + valueLength) * 2 + (tileLength + valueLength) * 4 + 64
    }

    /// - Parameters:
    ///   - query: `keyLength` floats.
    ///   - keys, values: the first cached row of this head's key/value for position 0; rows are
    ///     `keyStride` / `valueStride` halves apart.
    ///   - positions: the cached positions this query may see, in ascending order.
    ///   - scale: multiplies each score (1/sqrt(keyLength), or 1 when the query was pre-scaled).
    ///   - output: `valueLength` floats.
    ///   - scratch: at least `scratchBytes(keyLength:valueLength:)` bytes, 64-byte aligned.
    static func attend(query: UnsafePointer<Float>, keyLength: Int, valueLength: Int,
                       keys: UnsafePointer<Float16>, keyStride: Int,
                       values: UnsafePointer<Float16>, valueStride: Int,
                       positions: Range<Int>, scale: Float, path: Path,
                       output: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer) {
        switch path {
        case .vector:
            let q16 = scratch.bindMemory(to: Float16.self, capacity: keyLength + valueLength)
            attendVector(query: query, keyLength: keyLength, valueLength: valueLength, keys: keys, keyStride: keyStride,
                         values: values, valueStride: valueStride, positions: positions, scale: scale,
                         output: output, q16: q16, acc: q16 + keyLength)
        case .tiled:
            let floats = (scratch + (keyLength + valueLength) * 2).alignedUp(toMultipleOf: 64)
                .bindMemory(to: Float.self, capacity: tileLength + valueLength)
            attendTiled(query: query, keyLength: keyLength, valueLength: valueLength, keys: keys, keyStride: keyStride,
                        values: values, valueStride: valueStride, positions: positions, scale: scale,
                        output: output, scores: floats, acc: floats + tileLength)
        }
    }

    // MARK: Vector path (ggml_compute_forward_flash_attn_ext_f16_one_chunk)

    private static func attendVector(query: UnsafePointer<Float>, keyLength: Int, valueLength: Int,
                                     keys: UnsafePointer<Float16>, keyStride: Int,
                                     values: UnsafePointer<Float16>, valueStride: Int,
                                     positions: Range<Int>, scale: Float, output: UnsafeMutablePointer<Float>,
                                     q16: UnsafeMutablePointer<Float16>, acc: UnsafeMutablePointer<Float16>) {
        for i in 0..<keyLength { q16[i] = Float16(query[i]) }
        for i in 0..<valueLength { acc[i] = 0 }
        var runningMax = -Float.infinity
        var sum: Float = 0
        for p in positions {
            let s = dot(q16, keys + p * keyStride, count: keyLength) * scale
            var ms: Float = 1
            var vs: Float = 1
            if s > runningMax {
                let old = runningMax
                runningMax = s
                ms = expf(old - runningMax)
                scaleHalves(acc, by: ms, count: valueLength)
            } else {
                vs = expf(s - runningMax)
            }
            addScaledHalves(acc, values + p * valueStride, vs, count: valueLength)
            // `S = S*ms + vs` in ggml, contracted to one fused multiply-add by the compiler.
            sum = vs.addingProduct(sum, ms)
        }
        let inverse: Float = sum == 0 ? 0 : 1 / sum
        for i in 0..<valueLength { output[i] = Float(acc[i]) * inverse }
    }

    /// f16 x f16 dot product in the order of ggml's AVX-512 `ggml_vec_dot_f16`: four accumulators of
    /// 16 lanes over steps of 64 (fused), combined as (0+2)+(1+3), then the 16 lanes halved pairwise.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float16>, _ b: UnsafePointer<Float16>, count n: Int) -> Float {
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 64 <= n {
            s0.addProduct(load(ra, i), load(rb, i))
            s1.addProduct(load(ra, i + 16), load(rb, i + 16))
            s2.addProduct(load(ra, i + 32), load(rb, i + 32))
            s3.addProduct(load(ra, i + 48), load(rb, i + 48))
            i += 64
        }
        var total = Double(reduce((s0 + s2) + (s1 + s3)))
        while i < n {
            total += Double(Float(a[i]) * Float(b[i]))
            i += 1
        }
        return Float(total)
    }

    /// Sum of 16 lanes as `_mm512_reduce_add_ps` does: halves added pairwise, 8 + 8, 4 + 4, 2 + 2, 1 + 1.
    @inline(__always)
    static func reduce(_ v: SIMD16<Float>) -> Float {
        let h8 = v.lowHalf + v.highHalf
        let h4 = h8.lowHalf + h8.highHalf
        let h2 = h4.lowHalf + h4.highHalf
        return h2[0] + h2[1]
    }

    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> SIMD16<Float> {
        SIMD16<Float>(base.loadUnaligned(fromByteOffset: index * 2, as: SIMD16<Float16>.self))
    }

    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ base: UnsafeMutableRawPointer, _ index: Int) {
        base.storeBytes(of: SIMD16<Float16>(v), toByteOffset: index * 2, as: SIMD16<Float16>.self)
    }

    /// y = f16(f32(y) * s)
    @inline(__always)
    static func scaleHalves(_ y: UnsafeMutablePointer<Float16>, by s: Float, count n: Int) {
        let ry = UnsafeMutableRawPointer(y)
        var i = 0
        while i + 16 <= n {
            store(load(ry, i) * s, ry, i)
            i += 16
        }
        while i < n { y[i] = Float16(Float(y[i]) * s); i += 1 }
    }

    /// y = f16(f32(y) + f32(x) * s), one rounding per element as with a fused multiply-add.
    @inline(__always)
    static func addScaledHalves(_ y: UnsafeMutablePointer<Float16>, _ x: UnsafePointer<Float16>, _ s: Float, count n: Int) {
        let ry = UnsafeMutableRawPointer(y), rx = UnsafeRawPointer(x)
        let sv = SIMD16<Float>(repeating: s)
        var i = 0
        while i + 16 <= n {
            store(load(ry, i).addingProduct(load(rx, i), sv), ry, i)
            i += 16
        }
        while i < n { y[i] = Float16(Float(y[i]).addingProduct(Float(x[i]), s)); i += 1 }
    }

    // MARK: Tiled path (ggml_compute_forward_flash_attn_ext_tiled)

    /// Tiles are aligned to multiples of `tileLength` in cache positions, as ggml's are to KV cells (one
    /// sequence in a fresh cache: cell = position). A tile with no visible position is skipped; hidden
    /// positions of a partly visible tile score -inf and so weigh exactly 0.
    private static func attendTiled(query: UnsafePointer<Float>, keyLength: Int, valueLength: Int,
                                    keys: UnsafePointer<Float16>, keyStride: Int,
                                    values: UnsafePointer<Float16>, valueStride: Int,
                                    positions: Range<Int>, scale: Float, output: UnsafeMutablePointer<Float>,
                                    scores: UnsafeMutablePointer<Float>, acc: UnsafeMutablePointer<Float>) {
        for i in 0..<valueLength { acc[i] = 0 }
        var runningMax = -Float.infinity
        var sum: Float = 0
        guard !positions.isEmpty else {
            for i in 0..<valueLength { output[i] = 0 }
            return
        }
        var tileStart = positions.lowerBound / tileLength * tileLength
        while tileStart < positions.upperBound {
            let visible = max(tileStart, positions.lowerBound)..<min(tileStart + tileLength, positions.upperBound)
            var tileMax = -Float.infinity
            for j in 0..<tileLength where !visible.contains(tileStart + j) { scores[j] = -.infinity }
            // Eight positions at a time: each score is still one sequential chain over the key, but eight
            // independent chains hide the fused multiply-add latency.
            var p = visible.lowerBound
            while p + 8 <= visible.upperBound {
                var s = SIMD8<Float>()
                let row = keys + p * keyStride
                for i in 0..<keyLength {
                    let k = SIMD8<Float>(Float(row[i]), Float(row[keyStride + i]), Float(row[2 * keyStride + i]),
                                         Float(row[3 * keyStride + i]), Float(row[4 * keyStride + i]),
                                         Float(row[5 * keyStride + i]), Float(row[6 * keyStride + i]),
                                         Float(row[7 * keyStride + i]))
                    s = s.addingProduct(k, query[i])
                }
                for l in 0..<8 { scores[p - tileStart + l] = s[l] * scale }
                p += 8
            }
            while p < visible.upperBound {
                let key = keys + p * keyStride
                var s: Float = 0
                for i in 0..<keyLength { s = s.addingProduct(query[i], Float(key[i])) }
                scores[p - tileStart] = s * scale
                p += 1
            }
            for p in visible { tileMax = max(tileMax, scores[p - tileStart]) }
            let newMax = max(runningMax, tileMax)
            if newMax > runningMax {
                let ms = expf(runningMax - newMax)
                for i in 0..<valueLength { acc[i] *= ms }
                sum *= ms
            }
            runningMax = newMax
            // ggml_vec_soft_max_f32: exp in place, the sum in Double over 16-lane float reductions.
            var tileSum: Double = 0
            for group in stride(from: 0, to: tileLength, by: 16) {
                var lanes = SIMD16<Float>()
                for l in 0..<16 {
                    let e = vectorExp(scores[group + l] - newMax)
                    scores[group + l] = e
                    lanes[l] = e
                }
                tileSum += Double(reduce(lanes))
            }
            sum = Float(Double(sum) + tileSum)
            // VKQ += softmax(KQ) x V: per value column a fused multiply-add chain over the tile's positions.
            for j in 0..<tileLength where visible.contains(tileStart + j) {
                let weight = scores[j]
                let v = values + (tileStart + j) * valueStride
                var i = 0
                while i + 16 <= valueLength {
                    let a = UnsafeMutableRawPointer(acc + i).loadUnaligned(as: SIMD16<Float>.self)
                    let r = a.addingProduct(load(UnsafeRawPointer(v), i), SIMD16<Float>(repeating: weight))
                    UnsafeMutableRawPointer(acc + i).storeBytes(of: r, as: SIMD16<Float>.self)
                    i += 16
                }
                while i < valueLength { acc[i] = acc[i].addingProduct(Float(v[i]), weight); i += 1 }
            }
            tileStart += tileLength
        }
        let inverse: Float = sum == 0 ? 0 : 1 / sum
        for i in 0..<valueLength { output[i] = acc[i] * inverse }
    }

    /// ggml's vectorized exp (`ggml_v_expf`, the 512-bit variant, adapted from ARM's optimized routines):
    /// exp(x) = 2^n * p(b) with n = round(x / ln 2) and b the reduced argument; |n| > 192 saturates to
    /// 0 or infinity. Within 1.5 ulp of expf, but not equal to it, so it is mirrored operation by operation.
    @inline(__always)
    static func vectorExp(_ x: Float) -> Float {
        let r: Float = 0x1.8p23
        let z = r.addingProduct(x, 0x1.715476p+0)
        let n = z - r
        let b = x.addingProduct(-n, 0x1.62e4p-1).addingProduct(-n, 0x1.7f7d1cp-20)
        guard abs(n) <= 192 else { return n <= 0 ? 0 : .infinity }
        let u = b * b
        let high = Float(0x1.573e2ep-5).addingProduct(0x1.0e4020p-7, b)
        let low = Float(0x1.fffdb6p-2).addingProduct(0x1.555e66p-3, b)
        let j = Float(1).addingProduct(0x1.ffffecp-1, b).addingProduct(low.addingProduct(high, u), u)
        return Float(sign: .plus, exponent: Int(n), significand: j)
    }
}
