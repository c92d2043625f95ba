/// Unpacking of the packed 6-bit sub-block scales used by the K-quant formats (ggml-common.h).
enum KQuantScales {
    /// Scale and min of sub-block `j` (0..<8) of a Q4_K/Q5_K block, from its 12 `scales` bytes.
    /// Sub-blocks 0-3 keep their 6 bits in the low bits of bytes j and j+4; sub-blocks 4-7
    /// take 4 low bits from byte j+4 and their top 2 bits from the spare top bits of bytes j-4 / j.
    @inline(__always)
    static func q4K(_ scales: UnsafeRawPointer, _ j: Int) -> (scale: Int32, min: Int32) {
        let q = scales.assumingMemoryBound(to: UInt8.self)
        if j < 4 {
            return (Int32(q[j] & 63), Int32(q[j + 4] & 63))
        }
        let scale = (q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4)
        let min = (q[j + 4] >> 4) | ((q[j] >> 6) << 4)
        return (Int32(scale), Int32(min))
    }

    /// The 16 signed scales of a Q3_K block (6 bits each, stored biased by 32), from its 12
    /// `scales` bytes: low nibbles in bytes 0-7, top 2 bits in bytes 8-11.
    @inline(__always)
    static func q3K(_ scales: UnsafeRawPointer) -> SIMD16<Int8> {
        let a0 = scales.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
        let a1 = scales.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let top = scales.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        let low4: UInt32 = 0x0F0F_0F0F, low2: UInt32 = 0x0303_0303
        let words = SIMD4<UInt32>(
            (a0 & low4) | (((top >> 0) & low2) << 4),
            (a1 & low4) | (((top >> 2) & low2) << 4),
            ((a0 >> 4) & low4) | (((top >> 4) & low2) << 4),
            ((a1 >> 4) & low4) | (((top >> 6) & low2) << 4))
        return unsafeBitCast(words, to: SIMD16<Int8>.self) &- 32
    }
}
