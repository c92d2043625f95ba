/// One weight row times one activation row in the activation format paired with the weight
/// type. Conforming types are stateless; generic callers are specialized per kernel.
protocol RowDotKernel {
    /// Dot product over `blocks` blocks (for float formats, `blocks` is the element count).
    static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float
}

/// The portable Swift SIMD kernels: used when the AVX2 C kernels are unavailable, and tested
/// against `ReferenceDot` like them. Each accumulates a block's integer products in Int32 lanes
/// and scales them in float once per block (K-quants: once per 256-weight block).
enum SwiftDotKernels {
    typealias L = SIMDLanes

    /// Q4_0 x Q8_0: nibbles - 8.
    enum Q4_0: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            for b in 0..<blocks {
                let wb = w + b &* 18, ab = a + b &* 34
                let n = L.nibbles(wb + 2)
                let p = L.dot((n.even &- 8, n.odd &- 8), ab + 2)
                acc.addProduct(SIMD8<Float>(p), SIMD8(repeating: HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0)))
            }
            return acc.sum()
        }
    }

    /// Q4_1 x Q8_1: d * nibble + m; the min meets the activation sum `s`.
    enum Q4_1: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            var mins: Float = 0
            for b in 0..<blocks {
                let wb = w + b &* 20, ab = a + b &* 36
                let p = L.dot(L.nibbles(wb + 4), ab + 4)
                acc.addProduct(SIMD8<Float>(p), SIMD8(repeating: HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0)))
                mins += HalfFloat.loadHalf(wb, 2) * HalfFloat.loadHalf(ab, 2)
            }
            return acc.sum() + mins
        }
    }

    /// Q5_0 x Q8_0: (nibble | fifth bit << 4) - 16.
    enum Q5_0: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            for b in 0..<blocks {
                let wb = w + b &* 22, ab = a + b &* 34
                let n = L.nibbles(wb + 6)
                let h = L.bits(wb.loadUnaligned(fromByteOffset: 2, as: UInt32.self), value: 16)
                let p = L.dot(((n.even | h.even) &- 16, (n.odd | h.odd) &- 16), ab + 2)
                acc.addProduct(SIMD8<Float>(p), SIMD8(repeating: HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0)))
            }
            return acc.sum()
        }
    }

    /// Q5_1 x Q8_1: d * (nibble | fifth bit << 4) + m.
    enum Q5_1: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            var mins: Float = 0
            for b in 0..<blocks {
                let wb = w + b &* 24, ab = a + b &* 36
                let n = L.nibbles(wb + 8)
                let h = L.bits(wb.loadUnaligned(fromByteOffset: 4, as: UInt32.self), value: 16)
                let p = L.dot((n.even | h.even, n.odd | h.odd), ab + 4)
                acc.addProduct(SIMD8<Float>(p), SIMD8(repeating: HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0)))
                mins += HalfFloat.loadHalf(wb, 2) * HalfFloat.loadHalf(ab, 2)
            }
            return acc.sum() + mins
        }
    }

    /// Q8_0 x Q8_0.
    enum Q8_0: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            for b in 0..<blocks {
                let wb = w + b &* 34, ab = a + b &* 34
                let p = L.dot(L.signedBytes(wb + 2), ab + 2)
                acc.addProduct(SIMD8<Float>(p), SIMD8(repeating: HalfFloat.loadHalf(wb, 0) * HalfFloat.loadHalf(ab, 0)))
            }
            return acc.sum()
        }
    }

    /// Q8_K's sum of the 16 quants of group `group` (0..<16) of the block at `ab`.
    @inline(__always)
    static func blockSum(_ ab: UnsafeRawPointer, _ group: Int) -> Int32 {
        Int32(ab.loadUnaligned(fromByteOffset: 260 &+ 2 &* group, as: Int16.self))
    }

    /// Q4_K / Q5_K x Q8_K: 8 sub-blocks of 32 with 6-bit scales and mins.
    enum Q4_K: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            q45K(w, a, blocks: blocks, hasHighBits: false)
        }
    }

    enum Q5_K: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            q45K(w, a, blocks: blocks, hasHighBits: true)
        }
    }

    @inline(__always)
    static func q45K(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int, hasHighBits: Bool) -> Float {
        let blockBytes = hasHighBits ? 176 : 144
        var acc = SIMD8<Float>()
        var mins: Float = 0
        for b in 0..<blocks {
            let wb = w + b &* blockBytes, ab = a + b &* 292
            let qs = wb + (hasHighBits ? 48 : 16)
            var isum = SIMD8<Int32>()
            var msum: Int32 = 0
            // Scales stay scalars: a SIMD8 of them indexed per chunk was stored and reloaded
            // lane by lane, and the store-to-load forwarding stalls made this kernel 7x slower.
            for chunk in 0..<4 {
                let (sc0, m0) = KQuantScales.q4K(wb + 4, 2 &* chunk)
                let (sc1, m1) = KQuantScales.q4K(wb + 4, 2 &* chunk &+ 1)
                var lo = L.unsignedBits(qs + 32 &* chunk, shift: 0, mask: 0x0F)
                var hi = L.unsignedBits(qs + 32 &* chunk, shift: 4, mask: 0x0F)
                if hasHighBits {
                    let bit = Int16(2 &* chunk)
                    let h0 = L.unsignedBits(wb + 16, shift: bit, mask: 1)
                    let h1 = L.unsignedBits(wb + 16, shift: bit &+ 1, mask: 1)
                    lo = (lo.even | (h0.even &<< 4), lo.odd | (h0.odd &<< 4))
                    hi = (hi.even | (h1.even &<< 4), hi.odd | (h1.odd &<< 4))
                }
                let y = ab + (4 &+ 64 &* chunk)
                let loSum = L.dot(lo, y) &* sc0
                let hiSum = L.dot(hi, y + 32) &* sc1
                isum &+= loSum &+ hiSum
                msum &+= m0 &* (blockSum(ab, 4 &* chunk) &+ blockSum(ab, 4 &* chunk &+ 1))
                msum &+= m1 &* (blockSum(ab, 4 &* chunk &+ 2) &+ blockSum(ab, 4 &* chunk &+ 3))
            }
            let da = ab.loadUnaligned(as: Float.self)
            acc.addProduct(SIMD8<Float>(isum), SIMD8(repeating: da * HalfFloat.loadHalf(wb, 0)))
            mins -= da * HalfFloat.loadHalf(wb, 2) * Float(msum)
        }
        return acc.sum() + mins
    }

    /// Q6_K x Q8_K: 16 sub-blocks of 16 with int8 scales, weights (4 low | 2 high bits) - 32.
    enum Q6_K: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            for b in 0..<blocks {
                let wb = w + b &* 210, ab = a + b &* 292
                let scales = (wb + 192).assumingMemoryBound(to: Int8.self)
                var isum = SIMD8<Int32>()
                for half in 0..<2 {
                    for part in 0..<4 {
                        let low = L.unsignedBits(wb + (64 &* half &+ 32 &* (part & 1)), shift: part < 2 ? 0 : 4, mask: 0x0F)
                        let high = L.unsignedBits(wb + (128 &+ 32 &* half), shift: Int16(2 &* part), mask: 3)
                        let even = (low.even | (high.even &<< 4)) &- 32
                        let odd = (low.odd | (high.odd &<< 4)) &- 32
                        let sub = 8 &* half &+ 2 &* part
                        let y = ab + (4 &+ 128 &* half &+ 32 &* part)
                        let scale = L.halves(Int32(scales[sub]), Int32(scales[sub &+ 1]))
                        isum &+= L.dot((even, odd), y) &* scale
                    }
                }
                let da = ab.loadUnaligned(as: Float.self)
                acc.addProduct(SIMD8<Float>(isum), SIMD8(repeating: da * HalfFloat.loadHalf(wb, 208)))
            }
            return acc.sum()
        }
    }

    /// Q2_K x Q8_K: 16 sub-blocks of 16, 2-bit weights, 4-bit scales and mins.
    enum Q2_K: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            var mins: Float = 0
            for b in 0..<blocks {
                let wb = w + b &* 84, ab = a + b &* 292
                let sc = wb.assumingMemoryBound(to: UInt8.self)
                var isum = SIMD8<Int32>()
                for half in 0..<2 {
                    for shift in 0..<4 {
                        let q = L.unsignedBits(wb + (16 &+ 32 &* half), shift: Int16(2 &* shift), mask: 3)
                        let sub = 8 &* half &+ 2 &* shift
                        let y = ab + (4 &+ 128 &* half &+ 32 &* shift)
                        let scale = L.halves(Int32(sc[sub] & 0x0F), Int32(sc[sub &+ 1] & 0x0F))
                        isum &+= L.dot(q, y) &* scale
                    }
                }
                var msum: Int32 = 0
                for group in 0..<16 { msum &+= Int32(sc[group] >> 4) &* blockSum(ab, group) }
                let da = ab.loadUnaligned(as: Float.self)
                acc.addProduct(SIMD8<Float>(isum), SIMD8(repeating: da * HalfFloat.loadHalf(wb, 80)))
                mins -= da * HalfFloat.loadHalf(wb, 82) * Float(msum)
            }
            return acc.sum() + mins
        }
    }

    /// Q3_K x Q8_K: 16 sub-blocks of 16, weights (2 low bits) - 4 unless the hmask bit is set.
    enum Q3_K: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            var acc = SIMD8<Float>()
            for b in 0..<blocks {
                let wb = w + b &* 110, ab = a + b &* 292
                let scales = KQuantScales.q3K(wb + 96)
                var isum = SIMD8<Int32>()
                for half in 0..<2 {
                    for shift in 0..<4 {
                        let low = L.unsignedBits(wb + (32 &+ 32 &* half), shift: Int16(2 &* shift), mask: 3)
                        let high = L.unsignedBits(wb, shift: Int16(4 &* half &+ shift), mask: 1)
                        let even = (low.even | (high.even &<< 2)) &- 4
                        let odd = (low.odd | (high.odd &<< 2)) &- 4
                        let sub = 8 &* half &+ 2 &* shift
                        let y = ab + (4 &+ 128 &* half &+ 32 &* shift)
                        let scale = L.halves(Int32(scales[sub]), Int32(scales[sub &+ 1]))
                        isum &+= L.dot((even, odd), y) &* scale
                    }
                }
                let da = ab.loadUnaligned(as: Float.self)
                acc.addProduct(SIMD8<Float>(isum), SIMD8(repeating: da * HalfFloat.loadHalf(wb, 108)))
            }
            return acc.sum()
        }
    }

    // MARK: float weights with F32 activations

    enum F32: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            floatDot(w, a, count: blocks) { SIMD8<Float>($0.loadUnaligned(fromByteOffset: 4 &* $1, as: SIMD8<Float>.self)) }
                scalar: { $0.loadUnaligned(fromByteOffset: 4 &* $1, as: Float.self) }
        }
    }

    enum F16: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            floatDot(w, a, count: blocks) { SIMD8<Float>($0.loadUnaligned(fromByteOffset: 2 &* $1, as: SIMD8<Float16>.self)) }
                scalar: { HalfFloat.loadHalf($0, 2 &* $1) }
        }
    }

    enum BF16: RowDotKernel {
        static func dot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
            floatDot(w, a, count: blocks) {
                let bits = SIMD8<UInt32>(truncatingIfNeeded: $0.loadUnaligned(fromByteOffset: 2 &* $1, as: SIMD8<UInt16>.self))
                return unsafeBitCast(bits &<< 16, to: SIMD8<Float>.self)
            } scalar: { HalfFloat.float(fromBFloat: $0.loadUnaligned(fromByteOffset: 2 &* $1, as: UInt16.self)) }
        }
    }

    @inline(__always)
    static func floatDot(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, count: Int,
                         _ load8: (UnsafeRawPointer, Int) -> SIMD8<Float>,
                         scalar: (UnsafeRawPointer, Int) -> Float) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            acc.addProduct(load8(w, i), a.loadUnaligned(fromByteOffset: 4 &* i, as: SIMD8<Float>.self))
            i &+= 8
        }
        var sum = acc.sum()
        while i < count {
            sum += scalar(w, i) * a.loadUnaligned(fromByteOffset: 4 &* i, as: Float.self)
            i &+= 1
        }
        return sum
    }
}
