#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Attention of one query head over a range of cached positions, computed as ggml's CPU flash
/// attention does with an f16 cache: the query is rounded to f16, scores use f16 x f16 products
/// summed in f32, the softmax is online (one pass, running max), and the weighted sum of values
/// is kept in an f16 accumulator. Mirroring those roundings keeps our logits close to llama.cpp's.
enum Attention {
    /// - Parameters:
    ///   - query: `keyLength` floats.
    ///   - keys, values: the first cached row of this head's key/value for position 0; rows are
    ///     `keyStride` / `valueStride` halves apart.
    ///   - positions: the cached positions this query may see, in ascending order.
    ///   - scale: multiplies each score (1/sqrt(keyLength), or 1 when the query was pre-scaled).
    ///   - output: `valueLength` floats.
    ///   - scratch: at least `keyLength + valueLength` halves.
    static func attend(query: UnsafePointer<Float>, keyLength: Int, valueLength: Int,
                       keys: UnsafePointer<Float16>, keyStride: Int,
                       values: UnsafePointer<Float16>, valueStride: Int,
                       positions: Range<Int>, scale: Float,
                       output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float16>) {
        let q16 = scratch
        let acc = scratch + keyLength
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
            sum = sum * ms + vs
        }
        let inverse: Float = sum == 0 ? 0 : 1 / sum
        for i in 0..<valueLength { output[i] = Float(acc[i]) * inverse }
    }

    /// f16 x f16 dot product accumulated in f32 with four independent lanes of 16.
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
        while i + 16 <= n {
            s0.addProduct(load(ra, i), load(rb, i))
            i += 16
        }
        var total = ((s0 + s2) + (s1 + s3)).sum()
        while i < n {
            total += Float(a[i]) * Float(b[i])
            i += 1
        }
        return total
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
}
