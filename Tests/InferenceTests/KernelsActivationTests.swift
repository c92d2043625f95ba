import XCTest
@testable import Inference

/// Activation quantization against llama.cpp's rounding on hand-chosen values
/// (x86 `quantize_row_q8_0`/`q8_1`, `quantize_row_q8_K_ref`; see ActivationQuantizer).
final class KernelsActivationTests: XCTestCase {
    private func q8_0(_ x: [Float]) -> (d: UInt16, q: [Int8]) {
        var out = [UInt8](repeating: 0xAA, count: 34)
        ActivationQuantizer.q8_0(x, count: 32, into: &out)
        return (UInt16(out[0]) | UInt16(out[1]) << 8, out[2...].map { Int8(bitPattern: $0) })
    }

    func testQ8_0RoundsTiesToEvenWithScaleFromMaximum() {
        // amax = 127 makes the multiplier exactly 1, so each value's rounding is visible.
        var x = [Float](repeating: 0, count: 32)
        x[0] = 127; x[1] = 0.5; x[2] = 1.5; x[3] = 2.5; x[4] = -0.5; x[5] = -2.5; x[6] = -3.5; x[7] = 2.4999
        let (d, q) = q8_0(x)
        XCTAssertEqual(d, HalfFloat.half(from: 1))
        XCTAssertEqual(Array(q[0..<8]), [127, 0, 2, 2, 0, -2, -4, 2])
        XCTAssertEqual(Array(q[8...]), [Int8](repeating: 0, count: 24))
    }

    func testQ8_0ZeroAndAllEqualBlocks() {
        let zero = q8_0([Float](repeating: 0, count: 32))
        XCTAssertEqual(zero.d, 0)
        XCTAssertEqual(zero.q, [Int8](repeating: 0, count: 32))
        let equal = q8_0([Float](repeating: -0.3, count: 32))
        XCTAssertEqual(equal.q, [Int8](repeating: -127, count: 32))
        XCTAssertEqual(equal.d, HalfFloat.half(from: Float(0.3) / 127))
    }

    func testQ8_1StoresScaledSumOfQuants() {
        var x = [Float](repeating: 0, count: 32)
        x[0] = -10; x[1] = 5; x[2] = 2.5; x[3] = 0.04
        var out = [UInt8](repeating: 0, count: 36)
        ActivationQuantizer.q8_1(x, count: 32, into: &out)
        let q = out[4...].map { Int32(Int8(bitPattern: $0)) }
        // multiplier 12.7: 5 -> 63.5 -> 64 (tie to even), 2.5 -> 31.75 -> 32, 0.04 -> 0.508 -> 1
        XCTAssertEqual(Array(q[0..<4]), [-127, 64, 32, 1])
        let d = Float(10) / 127
        XCTAssertEqual(UInt16(out[0]) | UInt16(out[1]) << 8, HalfFloat.half(from: d))
        XCTAssertEqual(UInt16(out[2]) | UInt16(out[3]) << 8, HalfFloat.half(from: d * Float(q.reduce(0, +))))
    }

    private func q8_K(_ x: [Float]) -> (d: Float, q: [Int8], sums: [Int16]) {
        var out = [UInt8](repeating: 0xAA, count: 292)
        ActivationQuantizer.q8_K(x, count: 256, into: &out)
        return out.withUnsafeBytes { raw in
            (raw.loadUnaligned(as: Float.self),
             (0..<256).map { raw.load(fromByteOffset: 4 + $0, as: Int8.self) },
             (0..<16).map { raw.loadUnaligned(fromByteOffset: 260 + 2 * $0, as: Int16.self) })
        }
    }

    func testQ8_KUsesSignedMaximumAndNearestEven() {
        var x = [Float](repeating: 0, count: 256)
        // max = 127 gives iscale = -1: values are negated, ties go to even.
        x[0] = 127; x[1] = 0.5; x[2] = 1.5; x[3] = 2.5; x[4] = -126.5; x[17] = 3
        let r = q8_K(x)
        XCTAssertEqual(r.d, -1)
        XCTAssertEqual(Array(r.q[0..<5]), [-127, 0, -2, -2, 126])
        XCTAssertEqual(r.q[17], -3)
        XCTAssertEqual(r.sums[0], Int16(-127 + 0 - 2 - 2 + 126))
        XCTAssertEqual(r.sums[1], -3)
        XCTAssertEqual(Array(r.sums[2...]), [Int16](repeating: 0, count: 14))
    }

    func testQ8_KTakesFirstOfEqualMagnitudesAndHandlesZeroAndEqualRows() {
        var x = [Float](repeating: 1, count: 256)
        x[5] = -4; x[9] = 4
        let r = q8_K(x)
        XCTAssertEqual(r.d, 1 / (127 / Float(4)))       // max is -4, the first of the two
        XCTAssertEqual(r.q[5], -127)
        XCTAssertEqual(r.q[9], 127)
        XCTAssertEqual(r.q[0], 32)                      // 31.75 rounds to 32

        let zero = q8_K([Float](repeating: 0, count: 256))
        XCTAssertEqual(zero.d, 0)
        XCTAssertEqual(zero.q, [Int8](repeating: 0, count: 256))
        XCTAssertEqual(zero.sums, [Int16](repeating: 0, count: 16))

        let equal = q8_K([Float](repeating: 2, count: 256))
        XCTAssertEqual(equal.q, [Int8](repeating: -127, count: 256))
        XCTAssertEqual(equal.d, 1 / (-127 / Float(2)))
        XCTAssertEqual(equal.sums, [Int16](repeating: -127 * 16, count: 16))
    }

    func testMatMulPairsActivationFormatsLikeLlamaCpp() {
        let expected: [GGMLType: GGMLType] = [.q4_0: .q8_0, .q5_0: .q8_0, .q8_0: .q8_0, .q4_1: .q8_1, .q5_1: .q8_1,
                                              .q2_K: .q8_K, .q3_K: .q8_K, .q4_K: .q8_K, .q5_K: .q8_K, .q6_K: .q8_K,
                                              .f32: .f32, .f16: .f32, .bf16: .f32]
        for (weight, activation) in expected {
            XCTAssertEqual(MatMul.activationType(for: weight), activation, "\(weight)")
        }
        XCTAssertEqual(MatMul.activationRowBytes(for: .q4_1, columns: 576), 18 * 36)
        XCTAssertEqual(MatMul.activationRowBytes(for: .q6_K, columns: 4864), 19 * 292)
        XCTAssertEqual(MatMul.activationRowBytes(for: .f16, columns: 10), 40)
    }
}
