/// Scalar dot products of one weight row with one activation row already quantized for it
/// (`MatMul.activationType(for:)`), written as plainly as the formats allow. They define what
/// the fast kernels must compute: each block's integer sum exactly, then the block's float
/// scaling, summed over blocks in order. Not used on the hot path.
public enum ReferenceDot {
    /// Dot product of `count` weights at `weights` (format `type`) with the matching activation row.
    public static func dot(_ type: GGMLType, weights: UnsafeRawPointer, activations: UnsafeRawPointer,
                           count: Int) throws -> Float {
        let blocks = count / type.blockSize
        let w = weights, a = activations
        var sum: Float = 0
        switch type {
        case .f32, .f16, .bf16:
            let x = a.assumingMemoryBound(to: Float.self)
            for i in 0..<count { sum += weight(type, w, i) * x[i] }
        case .q4_0, .q5_0, .q8_0:
            for b in 0..<blocks {
                let wb = w + b &* type.bytesPerBlock, ab = a + b &* 34
                var values = [Int32](repeating: 0, count: 32)
                legacyInts(type, wb, &values)
                var isum: Int32 = 0
                for j in 0..<32 { isum += values[j] * Int32(ab.load(fromByteOffset: 2 + j, as: Int8.self)) }
                sum += Float(isum) * (HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0))
            }
        case .q4_1, .q5_1:
            for b in 0..<blocks {
                let wb = w + b &* type.bytesPerBlock, ab = a + b &* 36
                var values = [Int32](repeating: 0, count: 32)
                legacyInts(type, wb, &values)
                var isum: Int32 = 0
                for j in 0..<32 { isum += values[j] * Int32(ab.load(fromByteOffset: 4 + j, as: Int8.self)) }
                // w = d*q + m, so the min contributes m * sum(a) = m * s.
                sum += Float(isum) * (HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0))
                    + HalfFloat.loadHalf(wb, 2) * HalfFloat.loadHalf(ab, 2)
            }
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K:
            for b in 0..<blocks {
                let wb = w + b &* type.bytesPerBlock, ab = a + b &* 292
                let k = kBlockSums(type, wb, ab)
                let da = ab.loadUnaligned(as: Float.self)
                sum += da * k.d * Float(k.scaled) - da * k.dmin * Float(k.mins)
            }
        case .q8_1, .q8_K:
            throw UnsupportedTensorType(type: type, operation: "ReferenceDot.dot")
        }
        return sum
    }

    private static func weight(_ type: GGMLType, _ w: UnsafeRawPointer, _ i: Int) -> Float {
        switch type {
        case .f16: return HalfFloat.loadHalf(w, 2 &* i)
        case .bf16: return HalfFloat.float(fromBFloat: w.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self))
        default: return w.loadUnaligned(fromByteOffset: 4 &* i, as: Float.self)
        }
    }

    /// The 32 integer weights of a Q4_0/Q4_1/Q5_0/Q5_1/Q8_0 block, offsets applied (Q4_0 - 8, Q5_0 - 16).
    static func legacyInts(_ type: GGMLType, _ block: UnsafeRawPointer, _ out: inout [Int32]) {
        switch type {
        case .q8_0:
            for j in 0..<32 { out[j] = Int32(block.load(fromByteOffset: 2 + j, as: Int8.self)) }
        case .q4_0, .q4_1:
            let qsOffset = type == .q4_1 ? 4 : 2
            let offset: Int32 = type == .q4_1 ? 0 : 8
            for j in 0..<16 {
                let byte = block.load(fromByteOffset: qsOffset + j, as: UInt8.self)
                out[j] = Int32(byte & 0x0F) - offset
                out[j + 16] = Int32(byte >> 4) - offset
            }
        default:
            let qhOffset = type == .q5_1 ? 4 : 2
            let offset: Int32 = type == .q5_1 ? 0 : 16
            let qh = block.loadUnaligned(fromByteOffset: qhOffset, as: UInt32.self)
            for j in 0..<16 {
                let byte = block.load(fromByteOffset: qhOffset + 4 + j, as: UInt8.self)
                out[j] = (Int32(byte & 0x0F) | Int32((qh >> UInt32(j)) & 1) << 4) - offset
                out[j + 16] = (Int32(byte >> 4) | Int32((qh >> UInt32(j + 16)) & 1) << 4) - offset
            }
        }
    }

    /// For one K-quant block against one Q8_K block: `scaled` = sum over sub-blocks of
    /// scale * sum(q * a), `mins` = sum over sub-blocks of min * sum(a) (Q2_K/Q4_K/Q5_K only),
    /// and the block's float factors `d`, `dmin`.
    static func kBlockSums(_ type: GGMLType, _ wb: UnsafeRawPointer, _ ab: UnsafeRawPointer)
        -> (scaled: Int32, mins: Int32, d: Float, dmin: Float) {
        var q = [Int32](repeating: 0, count: 256)
        var subScale = [Int32](repeating: 0, count: 16), subMin = [Int32](repeating: 0, count: 16)
        let subSize: Int
        var d: Float = 0, dmin: Float = 0
        switch type {
        case .q2_K:
            subSize = 16
            d = HalfFloat.loadHalf(wb, 80); dmin = HalfFloat.loadHalf(wb, 82)
            for s in 0..<16 {
                let byte = wb.load(fromByteOffset: s, as: UInt8.self)
                subScale[s] = Int32(byte & 0x0F); subMin[s] = Int32(byte >> 4)
            }
            for i in 0..<256 {
                let half = i / 128, shift = (i % 128) / 32, l = i % 32
                q[i] = Int32((wb.load(fromByteOffset: 16 + 32 * half + l, as: UInt8.self) >> UInt8(2 * shift)) & 3)
            }
        case .q3_K:
            subSize = 16
            d = HalfFloat.loadHalf(wb, 108)
            let scales = KQuantScales.q3K(wb + 96)
            for s in 0..<16 { subScale[s] = Int32(scales[s]) }
            for i in 0..<256 {
                let half = i / 128, shift = (i % 128) / 32, l = i % 32
                let low = Int32((wb.load(fromByteOffset: 32 + 32 * half + l, as: UInt8.self) >> UInt8(2 * shift)) & 3)
                let high = (wb.load(fromByteOffset: l, as: UInt8.self) >> UInt8(4 * half + shift)) & 1
                q[i] = low - (high != 0 ? 0 : 4)
            }
        case .q4_K, .q5_K:
            subSize = 32
            d = HalfFloat.loadHalf(wb, 0); dmin = HalfFloat.loadHalf(wb, 2)
            for s in 0..<8 { (subScale[s], subMin[s]) = KQuantScales.q4K(wb + 4, s) }
            let qsOffset = type == .q5_K ? 48 : 16
            for i in 0..<256 {
                let chunk = i / 64, l = i % 32, isHigh = (i % 64) >= 32
                let byte = wb.load(fromByteOffset: qsOffset + 32 * chunk + l, as: UInt8.self)
                var v = Int32(isHigh ? byte >> 4 : byte & 0x0F)
                if type == .q5_K {
                    let bit = 2 * chunk + (isHigh ? 1 : 0)
                    v |= Int32((wb.load(fromByteOffset: 16 + l, as: UInt8.self) >> UInt8(bit)) & 1) << 4
                }
                q[i] = v
            }
        default: // .q6_K
            subSize = 16
            d = HalfFloat.loadHalf(wb, 208)
            for s in 0..<16 { subScale[s] = Int32(wb.load(fromByteOffset: 192 + s, as: Int8.self)) }
            for i in 0..<256 {
                let half = i / 128, part = (i % 128) / 32, l = i % 32
                let lowByte = wb.load(fromByteOffset: 64 * half + 32 * (part % 2) + l, as: UInt8.self)
                let low = part < 2 ? lowByte & 0x0F : lowByte >> 4
                let high = (wb.load(fromByteOffset: 128 + 32 * half + l, as: UInt8.self) >> UInt8(2 * part)) & 3
                q[i] = Int32(low | (high << 4)) - 32
            }
        }
        var scaled: Int32 = 0, mins: Int32 = 0
        for s in 0..<(256 / subSize) {
            var dotSum: Int32 = 0, actSum: Int32 = 0
            for i in (s * subSize)..<((s + 1) * subSize) {
                let x = Int32(ab.load(fromByteOffset: 4 + i, as: Int8.self))
                dotSum += q[i] * x
                actSum += x
            }
            scaled += subScale[s] * dotSum
            mins += subMin[s] * actSum
        }
        return (scaled, mins, d, dmin)
    }
}
