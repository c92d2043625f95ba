import XCTest
@testable import Inference

/// The fast kernels (AVX2 C and portable Swift) against `ReferenceDot`, and `ReferenceDot`
/// against the dequantized float dot product, on seeded random blocks of every weight type.
final class KernelsDotTests: XCTestCase {
    static let weightTypes: [GGMLType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0,
                                          .q2_K, .q3_K, .q4_K, .q5_K, .q6_K]

    /// SplitMix64: a tiny seeded generator so every run sees the same blocks.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Byte offsets of each block's float16 scale fields (ggml-common.h).
    static func scaleOffsets(_ type: GGMLType) -> [Int] {
        switch type {
        case .q4_0, .q5_0, .q8_0: return [0]
        case .q4_1, .q5_1, .q4_K, .q5_K: return [0, 2]
        case .q2_K: return [80, 82]
        case .q3_K: return [108]
        case .q6_K: return [208]
        default: return []
        }
    }

    /// Random rows of `type`. With `exactScales`, every float16 scale is +-0.5, 1 or 2, so with
    /// activations of scale 1 every float operation of every kernel is exact.
    static func randomWeights(_ type: GGMLType, rows: Int, columns: Int, exactScales: Bool,
                              _ rng: inout SeededGenerator) -> [UInt8] {
        let count = rows * columns
        switch type {
        case .f32:
            return (0..<count).flatMap { _ in withUnsafeBytes(of: Float.random(in: -1...1, using: &rng)) { Array($0) } }
        case .f16:
            return (0..<count).flatMap { _ in withUnsafeBytes(of: HalfFloat.half(from: .random(in: -1...1, using: &rng))) { Array($0) } }
        case .bf16:
            return (0..<count).flatMap { _ in withUnsafeBytes(of: HalfFloat.bfloat(from: .random(in: -1...1, using: &rng))) { Array($0) } }
        default:
            let blocks = count / type.blockSize
            var bytes = (0..<(blocks * type.bytesPerBlock)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for b in 0..<blocks {
                for offset in scaleOffsets(type) {
                    let magnitude: Float = exactScales ? [0.5, 1, 2].randomElement(using: &rng)! : .random(in: 0.001...0.05, using: &rng)
                    let value = Bool.random(using: &rng) ? magnitude : -magnitude
                    let half = HalfFloat.half(from: value)
                    bytes[b * type.bytesPerBlock + offset] = UInt8(half & 0xFF)
                    bytes[b * type.bytesPerBlock + offset + 1] = UInt8(half >> 8)
                }
            }
            return bytes
        }
    }

    /// Random activations. With `exactScales`, small integers with one +-127 per 32 (so every
    /// Q8 block scale is exactly +-1) keep all sums exact in float.
    static func randomActivations(count: Int, exactScales: Bool, _ rng: inout SeededGenerator) -> [Float] {
        guard exactScales else { return (0..<count).map { _ in Float.random(in: -2...2, using: &rng) } }
        return (0..<count).map { i in i % 32 == 7 ? (Bool.random(using: &rng) ? 127 : -127) : Float(Int.random(in: -3...3, using: &rng)) }
    }

    /// Token counts that reach every tile shape of the C kernels: 1 (single-token kernels), 3 (a
    /// 256-bit tile of 3, or a padded 512-bit tile of two token pairs), 6 (a 512-bit tile of four
    /// pairs with padding, or 256-bit tiles of 4 and 2), 11 (a full tile of 8, then one of 3).
    static let tokenCounts = [1, 3, 6, 11]

    private func check(_ type: GGMLType, exactScales: Bool, seed: UInt64, tokens: Int) throws {
        var rng = SeededGenerator(state: seed)
        let rows = 3
        let columns = type.blockSize == 256 ? (exactScales ? 256 : 512) : (exactScales ? 96 : 576)
        let weights = Self.randomWeights(type, rows: rows, columns: columns, exactScales: exactScales, &rng)
        let x = Self.randomActivations(count: tokens * columns, exactScales: exactScales, &rng)
        let actBytes = MatMul.activationRowBytes(for: type, columns: columns)
        var act = [UInt8](repeating: 0, count: tokens * actBytes)
        MatMul.quantizeActivations(x, rows: tokens, columns: columns, for: type, into: &act)

        try weights.withUnsafeBytes { wRaw in
            try act.withUnsafeBytes { aRaw in
                let matrix = WeightMatrix(base: wRaw.baseAddress!, type: type, rows: rows, columns: columns)
                XCTAssertEqual(matrix.rowBytes * rows, weights.count)
                var reference = [Float](repeating: 0, count: tokens * rows)
                var magnitude = [Double](repeating: 0, count: tokens * rows)
                var wRow = [Float](repeating: 0, count: columns)
                for r in 0..<rows {
                    try Dequantize.row(type, from: matrix.row(r), count: columns, into: &wRow)
                    for t in 0..<tokens {
                        reference[t * rows + r] = try ReferenceDot.dot(type, weights: matrix.row(r),
                                                                       activations: aRaw.baseAddress! + t * actBytes, count: columns)
                        magnitude[t * rows + r] = (0..<columns).reduce(0.0) { $0 + Double(abs(wRow[$1] * x[t * columns + $1])) }
                    }
                }
                var paths: [(String, MatMul.KernelPath)] = [("portable Swift", .portable)]
                if MatMul.nativeKernelsAvailable, MatMul.nativeKernel(type) != nil { paths.append(("AVX2 C", .automatic)) }
                for (name, path) in paths {
                    var out = [Float](repeating: .nan, count: tokens * rows)
                    MatMul.multiply(matrix, rows: 0..<rows, activations: aRaw.baseAddress!, tokens: tokens,
                                    output: &out, outputStride: rows, path: path)
                    for i in 0..<out.count {
                        if exactScales {
                            XCTAssertEqual(out[i], reference[i], "\(type) \(name) row \(i % rows) token \(i / rows) of \(tokens)")
                        } else {
                            // Only the order of the float additions differs (8 lanes, then across blocks):
                            // at most ~(blocks + 8) roundings of 6e-8 relative to the sum of |terms|.
                            XCTAssertEqual(Double(out[i]), Double(reference[i]), accuracy: 1e-5 * magnitude[i],
                                           "\(type) \(name) row \(i % rows) token \(i / rows) of \(tokens)")
                        }
                    }
                }
            }
        }
    }

    func testFastKernelsEqualReferenceExactlyWithExactScales() throws {
        for (i, type) in Self.weightTypes.enumerated() where type.blockSize > 1 {
            for tokens in Self.tokenCounts { try check(type, exactScales: true, seed: 1000 + UInt64(i), tokens: tokens) }
        }
    }

    func testFastKernelsMatchReferenceWithRandomScales() throws {
        for (i, type) in Self.weightTypes.enumerated() {
            for tokens in Self.tokenCounts { try check(type, exactScales: false, seed: 2000 + UInt64(i), tokens: tokens) }
        }
    }

    func testNativeKernelsCoverTheModelsTypes() throws {
        try XCTSkipUnless(MatMul.nativeKernelsAvailable, "C kernels not compiled for this CPU")
        for type in [GGMLType.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K] {
            XCTAssertNotNil(MatMul.nativeKernel(type), "\(type)")
        }
    }

    /// The reference dot equals the float dot of the dequantized weights and activations, which
    /// ties it to the formats the fixture tests check against the gguf package.
    func testReferenceDotEqualsDequantizedFloatDot() throws {
        var rng = SeededGenerator(state: 77)
        for type in Self.weightTypes {
            let columns = type.blockSize == 256 ? 512 : 128
            let weights = Self.randomWeights(type, rows: 1, columns: columns, exactScales: false, &rng)
            let x = Self.randomActivations(count: columns, exactScales: false, &rng)
            var act = [UInt8](repeating: 0, count: MatMul.activationRowBytes(for: type, columns: columns))
            MatMul.quantizeActivations(x, rows: 1, columns: columns, for: type, into: &act)
            let xq = try dequantizedActivations(type, act, columns)
            var w = [Float](repeating: 0, count: columns)
            try weights.withUnsafeBytes { try Dequantize.row(type, from: $0.baseAddress!, count: columns, into: &w) }
            var expected = 0.0, magnitude = 0.0
            for i in 0..<columns {
                expected += Double(w[i]) * Double(xq[i])
                magnitude += abs(Double(w[i]) * Double(xq[i]))
            }
            let got = try weights.withUnsafeBytes { wRaw in
                try act.withUnsafeBytes { try ReferenceDot.dot(type, weights: wRaw.baseAddress!, activations: $0.baseAddress!, count: columns) }
            }
            // Q4_1/Q5_1 use s = fp16(d * sum q) for the min term, rounded to 11 bits: allow that.
            let tolerance = (type == .q4_1 || type == .q5_1) ? 2e-3 : 1e-5
            XCTAssertEqual(Double(got), expected, accuracy: tolerance * magnitude, "\(type)")
        }
    }

    private func dequantizedActivations(_ weightType: GGMLType, _ act: [UInt8], _ columns: Int) throws -> [Float] {
        var out = [Float](repeating: 0, count: columns)
        let activationType = MatMul.activationType(for: weightType)
        try act.withUnsafeBytes { raw in
            switch activationType {
            case .q8_K:
                for i in 0..<columns {
                    let block = raw.baseAddress! + (i / 256) * 292
                    out[i] = block.loadUnaligned(as: Float.self) * Float(block.load(fromByteOffset: 4 + i % 256, as: Int8.self))
                }
            case .q8_1:
                for i in 0..<columns {
                    let block = raw.baseAddress! + (i / 32) * 36
                    out[i] = HalfFloat.loadHalf(block, 0) * Float(block.load(fromByteOffset: 4 + i % 32, as: Int8.self))
                }
            default:
                try Dequantize.row(activationType, from: raw.baseAddress!, count: columns, into: &out)
            }
        }
        return out
    }
}
