/// Tensor element formats as numbered in GGUF files (ggml's `ggml_type`).
///
/// Every quantized format stores a row as a sequence of fixed-size blocks; `blockSize` is the
/// number of weights in one block and `bytesPerBlock` its size on disk. These two numbers are
/// the single source of truth for byte offsets everywhere in the inference core.
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q8_1 = 9
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case q8_K = 15
    case bf16 = 30

    /// Weights per block (1 for plain float formats).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1: return 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K: return 256
        }
    }

    /// Bytes per block, as laid out by ggml-common.h.
    public var bytesPerBlock: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 2 + 16            // d (f16), 32 nibbles
        case .q4_1: return 2 + 2 + 16        // d, m (f16), 32 nibbles
        case .q5_0: return 2 + 4 + 16        // d, qh (32 high bits), 32 nibbles
        case .q5_1: return 2 + 2 + 4 + 16    // d, m, qh, nibbles
        case .q8_0: return 2 + 32            // d, 32 int8
        case .q8_1: return 2 + 2 + 32        // d, s = d * sum(q), 32 int8
        case .q2_K: return 16 + 64 + 2 + 2   // scales, 2-bit quants, d, dmin
        case .q3_K: return 32 + 64 + 12 + 2  // hmask, quants, scales, d
        case .q4_K: return 2 + 2 + 12 + 128  // d, dmin, 6-bit scales/mins, nibbles
        case .q5_K: return 2 + 2 + 12 + 32 + 128
        case .q6_K: return 128 + 64 + 16 + 2 // ql, qh, scales, d
        case .q8_K: return 4 + 256 + 32      // d (f32), quants, block sums (16 x int16)
        }
    }

    /// The name llama.cpp prints for this type.
    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q8_1: return "Q8_1"
        case .q2_K: return "Q2_K"
        case .q3_K: return "Q3_K"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        case .q8_K: return "Q8_K"
        }
    }

    /// Bytes needed for `count` elements, or nil when `count` is not a whole number of blocks.
    public func byteCount(elements count: Int) -> Int? {
        guard count >= 0, count % blockSize == 0 else { return nil }
        let (bytes, overflow) = (count / blockSize).multipliedReportingOverflow(by: bytesPerBlock)
        return overflow ? nil : bytes
    }
}
