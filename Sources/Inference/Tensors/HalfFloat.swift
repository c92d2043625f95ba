/// Conversions between the 16-bit float formats stored in GGUF files and `Float`.
///
/// IEEE half floats go through Swift's `Float16`, which compiles to F16C's `vcvtph2ps` /
/// `vcvtps2ph` on x86_64 with round-to-nearest-even, the same rounding ggml's CPU backend uses
/// (`_cvtss_sh(x, 0)`). bfloat16 is the upper half of a `Float`'s bits.
public enum HalfFloat {
    /// The value of IEEE binary16 `bits`.
    @inline(__always)
    public static func float(fromHalf bits: UInt16) -> Float {
        Float(Float16(bitPattern: bits))
    }

    /// `value` rounded to the nearest binary16 (ties to even; overflow gives infinity).
    @inline(__always)
    public static func half(from value: Float) -> UInt16 {
        Float16(value).bitPattern
    }

    /// The value of bfloat16 `bits`: exact, as bf16 is a truncated `Float`.
    @inline(__always)
    public static func float(fromBFloat bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// `value` rounded to the nearest bfloat16 (ties to even), NaN kept quiet, as ggml's
    /// `ggml_compute_fp32_to_bf16` does.
    @inline(__always)
    public static func bfloat(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: (bits >> 16) | 64) }
        let rounded = bits &+ (0x7FFF &+ ((bits >> 16) & 1))
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }

    /// Reads the binary16 at `pointer + offset` (any alignment) as a `Float`.
    @inline(__always)
    static func loadHalf(_ pointer: UnsafeRawPointer, _ offset: Int) -> Float {
        float(fromHalf: pointer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
}
