import CKernels

/// The matrix product of the forward pass: quantized weights times activations quantized the
/// way llama.cpp's CPU backend pairs them (`vec_dot_type`), with integer dot products.
public enum MatMul {
    /// Which kernels `multiply` runs: the AVX2 C kernels when compiled in and the type has one,
    /// else the portable Swift SIMD kernels. Tests pin one to compare them.
    enum KernelPath: Sendable { case automatic, portable }

    /// True when the AVX2 C kernels were compiled in (an x86_64 build with AVX2, FMA and F16C).
    static var nativeKernelsAvailable: Bool { ck_available() != 0 }

    /// Rows per C kernel call, which runs all token tiles (4 tokens sharing each decoded weight
    /// block) over them: 16 rows of even Q8_0 x 4096 columns (70 KB) stay in L2 while every token
    /// tile reuses them.
    static let rowChunk = 16

    /// The format the activations must be quantized to before `multiply` with a weight of this type.
    /// Q4_0/Q5_0/Q8_0 -> Q8_0, Q4_1/Q5_1 -> Q8_1, K-quants -> Q8_K as in llama.cpp. Float weights
    /// take F32 activations (llama.cpp rounds them to F16 for F16 weights; none of our models'
    /// matrices are float, so exactness there was not worth a conversion).
    public static func activationType(for weightType: GGMLType) -> GGMLType {
        switch weightType {
        case .q4_0, .q5_0, .q8_0: return .q8_0
        case .q4_1, .q5_1: return .q8_1
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K: return .q8_K
        case .f32, .f16, .bf16, .q8_1, .q8_K: return .f32
        }
    }

    /// Bytes one activation row of `columns` values takes in that format (llama.cpp's block layout).
    public static func activationRowBytes(for weightType: GGMLType, columns: Int) -> Int {
        let type = activationType(for: weightType)
        return columns / type.blockSize * type.bytesPerBlock
    }

    /// Quantizes `rows` activation rows (each `columns` floats, contiguous) for multiplication with `weightType`.
    /// Precondition: `columns` is a multiple of the weight type's block size.
    public static func quantizeActivations(_ x: UnsafePointer<Float>, rows: Int, columns: Int,
                                           for weightType: GGMLType, into out: UnsafeMutableRawPointer) {
        let rowBytes = activationRowBytes(for: weightType, columns: columns)
        for r in 0..<rows {
            let src = x + r &* columns, dst = out + r &* rowBytes
            switch activationType(for: weightType) {
            case .q8_0: ActivationQuantizer.q8_0(src, count: columns, into: dst)
            case .q8_1: ActivationQuantizer.q8_1(src, count: columns, into: dst)
            case .q8_K: ActivationQuantizer.q8_K(src, count: columns, into: dst)
            default: dst.copyMemory(from: src, byteCount: rowBytes)
            }
        }
    }

    /// output[t * outputStride + r] = dot(weight row r, activation row t) for r in `rowRange`, t in 0..<tokens.
    /// Called concurrently by several threads on disjoint row ranges: no shared mutable state.
    /// `w.type` must not be Q8_1/Q8_K (activation-only formats): such rows are left unwritten.
    public static func multiply(_ w: WeightMatrix, rows rowRange: Range<Int>,
                                activations: UnsafeRawPointer, tokens: Int,
                                output: UnsafeMutablePointer<Float>, outputStride: Int) {
        multiply(w, rows: rowRange, activations: activations, tokens: tokens,
                 output: output, outputStride: outputStride, path: .automatic)
    }

    static func multiply(_ w: WeightMatrix, rows rowRange: Range<Int>, activations: UnsafeRawPointer,
                         tokens: Int, output: UnsafeMutablePointer<Float>, outputStride: Int, path: KernelPath) {
        let blocks = w.columns / w.type.blockSize
        let actBytes = activationRowBytes(for: w.type, columns: w.columns)
        if path == .automatic, nativeKernelsAvailable, let kernel = nativeKernel(w.type) {
            var chunkStart = rowRange.lowerBound
            while chunkStart < rowRange.upperBound {
                let chunkEnd = Swift.min(chunkStart &+ rowChunk, rowRange.upperBound)
                kernel(w.row(chunkStart), w.rowBytes, Int32(chunkEnd &- chunkStart), activations, actBytes,
                       Int32(tokens), Int32(blocks), output + chunkStart, outputStride)
                chunkStart = chunkEnd
            }
            return
        }
        let args = RowLoop(w: w, rows: rowRange, activations: activations, activationBytes: actBytes,
                           tokens: tokens, blocks: blocks, output: output, outputStride: outputStride)
        typealias K = SwiftDotKernels
        switch w.type {
        case .f32: args.run(K.F32.self)
        case .f16: args.run(K.F16.self)
        case .bf16: args.run(K.BF16.self)
        case .q4_0: args.run(K.Q4_0.self)
        case .q4_1: args.run(K.Q4_1.self)
        case .q5_0: args.run(K.Q5_0.self)
        case .q5_1: args.run(K.Q5_1.self)
        case .q8_0: args.run(K.Q8_0.self)
        case .q2_K: args.run(K.Q2_K.self)
        case .q3_K: args.run(K.Q3_K.self)
        case .q4_K: args.run(K.Q4_K.self)
        case .q5_K: args.run(K.Q5_K.self)
        case .q6_K: args.run(K.Q6_K.self)
        case .q8_1, .q8_K: return
        }
    }

    /// (weights, weight row stride, rows, activations, activation row stride, tokens, blocks, output, output stride)
    typealias NativeKernel = @convention(c) (UnsafeRawPointer?, Int, Int32, UnsafeRawPointer?, Int, Int32, Int32,
                                             UnsafeMutablePointer<Float>?, Int) -> Void

    /// The C kernel for `type`, or nil where only the Swift kernel exists.
    static func nativeKernel(_ type: GGMLType) -> NativeKernel? {
        switch type {
        case .q4_0: return ck_dot_q4_0
        case .q4_1: return ck_dot_q4_1
        case .q5_0: return ck_dot_q5_0
        case .q5_1: return ck_dot_q5_1
        case .q8_0: return ck_dot_q8_0
        case .q4_K: return ck_dot_q4_K
        case .q5_K: return ck_dot_q5_K
        case .q6_K: return ck_dot_q6_K
        default: return nil
        }
    }

    /// The arguments of one `multiply` call, for the specialized Swift row loop.
    private struct RowLoop {
        let w: WeightMatrix
        let rows: Range<Int>
        let activations: UnsafeRawPointer
        let activationBytes: Int
        let tokens: Int
        let blocks: Int
        let output: UnsafeMutablePointer<Float>
        let outputStride: Int

        func run<K: RowDotKernel>(_ kernel: K.Type) {
            let count = w.type.blockSize == 1 ? w.columns : blocks
            for r in rows {
                let row = w.row(r)
                for t in 0..<tokens {
                    output[t &* outputStride &+ r] = K.dot(row, activations + t &* activationBytes, blocks: count)
                }
            }
        }
    }
}
