/// A tensor format this code cannot decode.
public struct UnsupportedTensorType: Error, CustomStringConvertible, Equatable {
    public let type: GGMLType
    public let operation: String
    public var description: String { "\(operation) does not support tensor type \(type) (ggml type \(type.rawValue))" }
}

/// Scalar decoding of one row of any supported format to `Float`, following the block layouts
/// and formulas of ggml-common.h / ggml-quants.c (`dequantize_row_*`). Used for embeddings,
/// tests and anything off the hot matrix path.
public enum Dequantize {
    /// Decodes `count` values stored at `src` in format `type` into `dst`.
    /// Precondition (the caller checks it): `count` is a multiple of `type.blockSize`.
    /// Throws `UnsupportedTensorType` for Q8_1/Q8_K, which only exist as activations.
    public static func row(_ type: GGMLType, from src: UnsafeRawPointer, count: Int,
                           into dst: UnsafeMutablePointer<Float>) throws {
        let blocks = count / type.blockSize
        switch type {
        case .f32: dst.update(from: src.assumingMemoryBound(to: Float.self), count: count)
        case .f16:
            for i in 0..<count { dst[i] = HalfFloat.loadHalf(src, 2 &* i) }
        case .bf16:
            for i in 0..<count {
                dst[i] = HalfFloat.float(fromBFloat: src.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self))
            }
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0:
            for b in 0..<blocks { legacyBlock(type, src + b &* type.bytesPerBlock, dst + b &* 32) }
        case .q2_K: for b in 0..<blocks { q2K(src + b &* type.bytesPerBlock, dst + b &* 256) }
        case .q3_K: for b in 0..<blocks { q3K(src + b &* type.bytesPerBlock, dst + b &* 256) }
        case .q4_K, .q5_K: for b in 0..<blocks { q45K(type, src + b &* type.bytesPerBlock, dst + b &* 256) }
        case .q6_K: for b in 0..<blocks { q6K(src + b &* type.bytesPerBlock, dst + b &* 256) }
        case .q8_1, .q8_K: throw UnsupportedTensorType(type: type, operation: "Dequantize.row")
        }
    }

    // MARK: 32-weight blocks

    /// Q4_0/Q4_1/Q5_0/Q5_1/Q8_0. Byte j of the nibbles holds weight j (low) and j+16 (high);
    /// Q5's `qh` bit j is the fifth bit of weight j.
    private static func legacyBlock(_ type: GGMLType, _ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = HalfFloat.loadHalf(block, 0)
        let bytes = block.assumingMemoryBound(to: UInt8.self)
        switch type {
        case .q8_0:
            let qs = (block + 2).assumingMemoryBound(to: Int8.self)
            for j in 0..<32 { y[j] = d * Float(qs[j]) }
        case .q4_0, .q4_1:
            let hasMin = type == .q4_1
            let m = hasMin ? HalfFloat.loadHalf(block, 2) : 0
            let qs = bytes + (hasMin ? 4 : 2)
            let offset: Int32 = hasMin ? 0 : -8   // Q4_0 centres its nibbles on 8
            for j in 0..<16 {
                y[j] = Float(Int32(qs[j] & 0x0F) + offset) * d + m
                y[j + 16] = Float(Int32(qs[j] >> 4) + offset) * d + m
            }
        default: // .q5_0, .q5_1
            let hasMin = type == .q5_1
            let m = hasMin ? HalfFloat.loadHalf(block, 2) : 0
            let qhOffset = hasMin ? 4 : 2
            let qh = block.loadUnaligned(fromByteOffset: qhOffset, as: UInt32.self)
            let qs = bytes + qhOffset + 4
            let offset: Int32 = hasMin ? 0 : -16  // Q5_0 centres its 5-bit values on 16
            for j in 0..<16 {
                let high0 = Int32((qh >> UInt32(j)) & 1) << 4
                let high1 = Int32((qh >> UInt32(j + 16)) & 1) << 4
                y[j] = Float((Int32(qs[j] & 0x0F) | high0) + offset) * d + m
                y[j + 16] = Float((Int32(qs[j] >> 4) | high1) + offset) * d + m
            }
        }
    }

    // MARK: 256-weight K-quant blocks

    /// Q2_K: scales[16] (low nibble scale, high nibble min), qs[64], d, dmin.
    /// Each 128-weight half uses 32 bytes of qs four times, at bit shifts 0, 2, 4, 6.
    private static func q2K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let scales = block.assumingMemoryBound(to: UInt8.self)
        let qs = scales + 16
        let d = HalfFloat.loadHalf(block, 80), dmin = HalfFloat.loadHalf(block, 82)
        var out = 0, sub = 0
        for half in 0..<2 {
            let q = qs + 32 &* half
            for shift in stride(from: 0, to: 8, by: 2) {
                for part in 0..<2 {
                    let sc = scales[sub]; sub += 1
                    let dl = d * Float(sc & 0x0F), ml = dmin * Float(sc >> 4)
                    for l in 0..<16 {
                        y[out] = dl * Float((q[16 &* part + l] >> UInt8(shift)) & 3) - ml
                        out += 1
                    }
                }
            }
        }
    }

    /// Q3_K: hmask[32], qs[64], scales[12], d. A weight is its 2 low bits minus 4 unless its
    /// hmask bit is set.
    private static func q3K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let hmask = block.assumingMemoryBound(to: UInt8.self)
        let qs = hmask + 32
        let scales = KQuantScales.q3K(block + 96)
        let d = HalfFloat.loadHalf(block, 108)
        var out = 0, sub = 0
        var bit: UInt8 = 1
        for half in 0..<2 {
            let q = qs + 32 &* half
            for shift in stride(from: 0, to: 8, by: 2) {
                for part in 0..<2 {
                    let dl = d * Float(scales[sub]); sub += 1
                    for l in 0..<16 {
                        let i = 16 &* part + l
                        let low = Int32((q[i] >> UInt8(shift)) & 3)
                        let value = low - ((hmask[i] & bit) != 0 ? 0 : 4)
                        y[out] = dl * Float(value)
                        out += 1
                    }
                }
                bit <<= 1
            }
        }
    }

    /// Q4_K: d, dmin, scales[12], qs[128]; Q5_K adds qh[32] before qs. Each 64-weight chunk
    /// reads 32 bytes of qs: low nibbles are sub-block 2c, high nibbles sub-block 2c+1.
    private static func q45K(_ type: GGMLType, _ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = HalfFloat.loadHalf(block, 0), dmin = HalfFloat.loadHalf(block, 2)
        let isQ5 = type == .q5_K
        let qh = (block + 16).assumingMemoryBound(to: UInt8.self)
        let qs = (block + (isQ5 ? 48 : 16)).assumingMemoryBound(to: UInt8.self)
        for chunk in 0..<4 {
            let (sc0, m0) = KQuantScales.q4K(block + 4, 2 &* chunk)
            let (sc1, m1) = KQuantScales.q4K(block + 4, 2 &* chunk &+ 1)
            let d0 = d * Float(sc0), d1 = d * Float(sc1)
            let min0 = dmin * Float(m0), min1 = dmin * Float(m1)
            let q = qs + 32 &* chunk
            let y0 = y + 64 &* chunk
            for l in 0..<32 {
                var v0 = Int32(q[l] & 0x0F), v1 = Int32(q[l] >> 4)
                if isQ5 {
                    v0 |= Int32((qh[l] >> UInt8(2 &* chunk)) & 1) << 4
                    v1 |= Int32((qh[l] >> UInt8(2 &* chunk &+ 1)) & 1) << 4
                }
                y0[l] = d0 * Float(v0) - min0
                y0[l + 32] = d1 * Float(v1) - min1
            }
        }
    }

    /// Q6_K: ql[128] (low 4 bits), qh[64] (high 2 bits), scales[16] (int8, one per 16 weights), d.
    private static func q6K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = HalfFloat.loadHalf(block, 208)
        for half in 0..<2 {
            let ql = (block + 64 &* half).assumingMemoryBound(to: UInt8.self)
            let qh = (block + 128 + 32 &* half).assumingMemoryBound(to: UInt8.self)
            let sc = (block + 192 + 8 &* half).assumingMemoryBound(to: Int8.self)
            let out = y + 128 &* half
            for l in 0..<32 {
                let s = l / 16
                let q1 = Int32((ql[l] & 0x0F) | ((qh[l] & 3) << 4)) - 32
                let q2 = Int32((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32
                let q3 = Int32((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                let q4 = Int32((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
                out[l] = d * Float(sc[s]) * Float(q1)
                out[l + 32] = d * Float(sc[s + 2]) * Float(q2)
                out[l + 64] = d * Float(sc[s + 4]) * Float(q3)
                out[l + 96] = d * Float(sc[s + 6]) * Float(q4)
            }
        }
    }
}
