/// Building blocks of the portable Swift kernels (SwiftDotKernels.swift).
///
/// Swift's SIMD types cannot express x86's 8-bit multiply-add, and their element-wise widening
/// inits compile to calls, so 32 quantized values are held as two `SIMD16<Int16>` vectors:
/// `even` lane k is element 2k and `odd` lane k is element 2k+1. Loading 32 bytes as 16 Int16
/// lanes gives exactly this split with one shift each, and every format below decodes into it.
/// `pairSums` then folds the 16-bit products into 8 Int32 lanes, lane m covering elements 4m..4m+3
/// (so lanes 0-3 and 4-7 are the two 16-element halves K-quants scale separately).
enum SIMDLanes {
    typealias Lanes = SIMD16<Int16>

    /// 32 signed bytes at `p` as (even, odd) lanes.
    @inline(__always)
    static func signedBytes(_ p: UnsafeRawPointer) -> (even: Lanes, odd: Lanes) {
        let v = p.loadUnaligned(as: Lanes.self)
        return ((v &<< 8) &>> 8, v &>> 8)
    }

    /// 32 unsigned bytes at `p` shifted right by `shift` and masked to `mask`, as (even, odd) lanes.
    @inline(__always)
    static func unsignedBits(_ p: UnsafeRawPointer, shift: Int16, mask: Int16) -> (even: Lanes, odd: Lanes) {
        let v = p.loadUnaligned(as: Lanes.self)
        return ((v &>> shift) & mask, (v &>> (shift &+ 8)) & mask)
    }

    /// The 32 weights of a legacy nibble block (16 bytes: byte j holds weight j low, j+16 high).
    @inline(__always)
    static func nibbles(_ p: UnsafeRawPointer) -> (even: Lanes, odd: Lanes) {
        let x = p.loadUnaligned(as: SIMD8<Int16>.self)
        let both = Lanes(lowHalf: x, highHalf: x &>> 4)
        return (both & 0x0F, (both &>> 8) & 0x0F)
    }

    /// 16 (even, odd) pairs of a 32-bit mask, bit j for element j, as 0 or `value` per lane.
    @inline(__always)
    static func bits(_ word: UInt32, value: Int16) -> (even: Lanes, odd: Lanes) {
        let low = Int16(truncatingIfNeeded: word), high = Int16(truncatingIfNeeded: word >> 16)
        let h = Lanes(lowHalf: SIMD8(repeating: low), highHalf: SIMD8(repeating: high))
        let evenMask = Lanes(1, 4, 16, 64, 256, 1024, 4096, 16384, 1, 4, 16, 64, 256, 1024, 4096, 16384)
        let oddMask = evenMask &<< 1
        let zero = Lanes(repeating: 0), set = Lanes(repeating: value)
        return (zero.replacing(with: set, where: (h & evenMask) .== evenMask),
                zero.replacing(with: set, where: (h & oddMask) .== oddMask))
    }

    /// Sum of adjacent 16-bit lanes into 32-bit lanes, by reading each pair as one Int32.
    @inline(__always)
    static func pairSums(_ p: Lanes) -> SIMD8<Int32> {
        let q = unsafeBitCast(p, to: SIMD8<Int32>.self)
        return ((q &<< 16) &>> 16) &+ (q &>> 16)
    }

    /// Dot product of 32 decoded weights with the 32 int8 activations at `a`, as 8 partial sums.
    /// Exact: each 16-bit lane sums two products of at most 128 * 127.
    @inline(__always)
    static func dot(_ w: (even: Lanes, odd: Lanes), _ a: UnsafeRawPointer) -> SIMD8<Int32> {
        let x = signedBytes(a)
        return pairSums(w.even &* x.even &+ w.odd &* x.odd)
    }

    /// Int32 lanes 0-3 set to `first`, 4-7 to `second`: per-16-element scales for `dot`'s lanes.
    @inline(__always)
    static func halves(_ first: Int32, _ second: Int32) -> SIMD8<Int32> {
        SIMD8(lowHalf: SIMD4(repeating: first), highHalf: SIMD4(repeating: second))
    }
}
