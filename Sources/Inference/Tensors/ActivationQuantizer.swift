/// Quantization of float activations to the 8-bit formats llama.cpp's CPU backend multiplies
/// quantized weights with, reproducing its scale and rounding bit for bit so our integer dot
/// products see the same integers as llama.cpp's.
///
/// Which llama.cpp function is matched, and why:
/// - Q8_0 and Q8_1: the x86 `quantize_row_q8_0` / `quantize_row_q8_1` that every AVX/AVX2/AVX-512
///   build runs (not the portable `*_ref`): `d = amax / 127`, multiplier `127 / amax`, rounding
///   half to even (`_mm256_round_ps`), and for Q8_1 `s = fp16(d * sum(q))` with the unrounded `d`.
///   The `_ref` variants use `1 / d` and round half away from zero, which differs on ties.
/// - Q8_K: `quantize_row_q8_K_ref` (x86 has no other): the signed value of largest magnitude
///   `max` (first one on ties) gives `iscale = -127 / max`, `q = min(127, nearest_int(iscale * x))`
///   (half to even), `d = 1 / iscale`, and per-16 sums of q in `bsums`.
public enum ActivationQuantizer {
    /// Quantizes `count` floats (a multiple of 32) to Q8_0 blocks: d (f16), 32 x int8.
    public static func q8_0(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutableRawPointer) {
        for b in 0..<(count / 32) {
            legacyBlock(x + b &* 32, out + b &* 34, withSum: false)
        }
    }

    /// Quantizes `count` floats (a multiple of 32) to Q8_1 blocks: d (f16), s = d * sum(q) (f16), 32 x int8.
    public static func q8_1(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutableRawPointer) {
        for b in 0..<(count / 32) {
            legacyBlock(x + b &* 32, out + b &* 36, withSum: true)
        }
    }

    /// Quantizes `count` floats (a multiple of 256) to Q8_K blocks: d (f32), 256 x int8, 16 x int16 sums.
    public static func q8_K(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutableRawPointer) {
        for b in 0..<(count / 256) {
            kBlock(x + b &* 256, out + b &* 292)
        }
    }

    private static func legacyBlock(_ x: UnsafePointer<Float>, _ block: UnsafeMutableRawPointer, withSum: Bool) {
        var amax: Float = 0
        for j in 0..<32 { amax = Swift.max(amax, abs(x[j])) }
        let d = amax / 127
        let multiplier: Float = amax != 0 ? 127 / amax : 0
        block.storeBytes(of: HalfFloat.half(from: d), toByteOffset: 0, as: UInt16.self)
        let qsOffset = withSum ? 4 : 2
        var sum: Int32 = 0
        for j in 0..<32 {
            // |x * multiplier| <= 127 up to one rounding, so the clamp only guards that ulp.
            let q = Int32(Swift.min(127, Swift.max(-127, (x[j] * multiplier).rounded(.toNearestOrEven))))
            sum &+= q
            block.storeBytes(of: Int8(truncatingIfNeeded: q), toByteOffset: qsOffset &+ j, as: Int8.self)
        }
        if withSum {
            block.storeBytes(of: HalfFloat.half(from: d * Float(sum)), toByteOffset: 2, as: UInt16.self)
        }
    }

    private static func kBlock(_ x: UnsafePointer<Float>, _ block: UnsafeMutableRawPointer) {
        var amax: Float = 0, max: Float = 0
        for j in 0..<256 where abs(x[j]) > amax {
            amax = abs(x[j]); max = x[j]
        }
        let qs = block + 4
        guard amax != 0 else {
            block.initializeMemory(as: UInt8.self, repeating: 0, count: 292)
            return
        }
        let iscale = -127 / max
        for j in 0..<256 {
            let q = Swift.min(127, (iscale * x[j]).rounded(.toNearestOrEven))
            qs.storeBytes(of: Int8(q), toByteOffset: j, as: Int8.self)
        }
        let q8 = qs.assumingMemoryBound(to: Int8.self)
        for group in 0..<16 {
            var sum: Int16 = 0
            for i in 0..<16 { sum &+= Int16(q8[16 &* group &+ i]) }
            block.storeBytes(of: sum, toByteOffset: 260 &+ 2 &* group, as: Int16.self)
        }
        block.storeBytes(of: 1 / iscale, toByteOffset: 0, as: Float.self)
    }
}
