import XCTest
@testable import Inference

/// The C kernels against `GGMLOrderDot` bit for bit, on seeded random blocks with random scales
/// (so every rounding shows), for every tile shape, for batches on both sides of each order switch
/// (Q4_K: tokens in groups of 4 or in the tail; Q6_K: batches from 8 tokens), for row counts that
/// leave each remainder of the 4-row decode groups, and for rows past the 512-bit tiles' limits;
/// and `GGMLOrderDot` against the plain `ReferenceDot`.
final class KernelsGGMLOrderTests: XCTestCase {
    typealias Dot = KernelsDotTests

    private func check(_ type: GGMLType, seed: UInt64, rows: Int, tokens: Int, long: Bool = false) throws {
        var rng = Dot.SeededGenerator(state: seed)
        // Long rows pass the C kernels' limits for their 512-bit tiles (256 blocks, 32 super-blocks).
        let columns = type.blockSize == 256 ? (long ? 33 * 256 : 768) : (long ? 257 * 32 : 576)
        let weights = Dot.randomWeights(type, rows: rows, columns: columns, exactScales: false, &rng)
        let x = Dot.randomActivations(count: tokens * columns, exactScales: false, &rng)
        let actBytes = MatMul.activationRowBytes(for: type, columns: columns)
        var act = [UInt8](repeating: 0, count: tokens * actBytes)
        MatMul.quantizeActivations(x, rows: tokens, columns: columns, for: type, into: &act)
        try weights.withUnsafeBytes { wRaw in
            try act.withUnsafeBytes { aRaw in
                let matrix = WeightMatrix(base: wRaw.baseAddress!, type: type, rows: rows, columns: columns)
                var out = [Float](repeating: .nan, count: tokens * rows)
                MatMul.multiply(matrix, rows: 0..<rows, activations: aRaw.baseAddress!, tokens: tokens,
                                output: &out, outputStride: rows, path: .automatic)
                for r in 0..<rows {
                    for t in 0..<tokens {
                        let activations = aRaw.baseAddress! + t * actBytes
                        let want = try XCTUnwrap(GGMLOrderDot.dot(type, weights: matrix.row(r), activations: activations,
                                                                   count: columns, token: t, batch: tokens))
                        XCTAssertEqual(out[t * rows + r].bitPattern, want.bitPattern,
                                       "\(type) row \(r) of \(rows), token \(t) of \(tokens): \(out[t * rows + r]) vs \(want)")
                        let plain = try ReferenceDot.dot(type, weights: matrix.row(r), activations: activations, count: columns)
                        XCTAssertEqual(Double(want), Double(plain), accuracy: 1e-3 * max(1, Double(abs(plain))), "\(type)")
                    }
                }
            }
        }
    }

    func testNativeKernelsRoundAsLlamaCpp() throws {
        try XCTSkipUnless(MatMul.nativeKernelsAvailable, "C kernels not compiled for this CPU")
        for (i, type) in GGMLOrderDot.types.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            for rows in [1, 6, 7] {
                for tokens in Dot.tokenCounts + [4, 8, 12, 13] {
                    try check(type, seed: 3000 + UInt64(i * 100 + rows), rows: rows, tokens: tokens)
                }
            }
        }
    }

    func testNativeKernelsRoundAsLlamaCppOnLongRows() throws {
        try XCTSkipUnless(MatMul.nativeKernelsAvailable, "C kernels not compiled for this CPU")
        for (i, type) in GGMLOrderDot.types.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            for tokens in [1, 6, 9] {
                try check(type, seed: 4000 + UInt64(i * 100 + tokens), rows: 5, tokens: tokens, long: true)
            }
        }
    }
}
