import Foundation
import XCTest
@testable import Inference

/// Dequantization of real and synthetic rows against the Python `gguf` package
/// (fixtures: Fixtures/kernels/README.md).
final class KernelsDequantizeTests: XCTestCase {
    struct Manifest: Decodable {
        struct Case: Decodable { let name, source, type: String; let rows, columns: Int }
        let cases: [Case]
    }

    private func fixtureDirectory() throws -> URL {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent("kernels")
    }

    func testRowsMatchGGUFPythonDequantize() throws {
        let dir = try fixtureDirectory()
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: dir.appendingPathComponent("manifest.json")))
        XCTAssertGreaterThanOrEqual(manifest.cases.count, 18)
        var typesSeen = Set<GGMLType>()
        for fixture in manifest.cases {
            let type = try XCTUnwrap(GGMLType.allCases.first { $0.description == fixture.type }, fixture.type)
            typesSeen.insert(type)
            let blocks = try Data(contentsOf: dir.appendingPathComponent(fixture.name + ".blocks"))
            let expectedData = try Data(contentsOf: dir.appendingPathComponent(fixture.name + ".f32"))
            let rowBytes = try XCTUnwrap(type.byteCount(elements: fixture.columns))
            XCTAssertEqual(blocks.count, rowBytes * fixture.rows, fixture.name)
            let expected = expectedData.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            var got = [Float](repeating: .nan, count: fixture.columns)
            for row in 0..<fixture.rows {
                try blocks.withUnsafeBytes { raw in
                    try got.withUnsafeMutableBufferPointer { out in
                        try Dequantize.row(type, from: raw.baseAddress! + row * rowBytes, count: fixture.columns,
                                           into: out.baseAddress!)
                    }
                }
                var mismatches = 0
                for i in 0..<fixture.columns where got[i] != expected[row * fixture.columns + i] { mismatches += 1 }
                // Same float operations in the same order as gguf's numpy code: bit-exact.
                XCTAssertEqual(mismatches, 0, "\(fixture.name) row \(row) (\(fixture.source))")
            }
        }
        let required: Set<GGMLType> = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0,
                                       .q2_K, .q3_K, .q4_K, .q5_K, .q6_K]
        XCTAssertEqual(typesSeen, required)
    }

    func testActivationOnlyTypesAreRejectedByName() {
        var out = [Float](repeating: 0, count: 256)
        let bytes = [UInt8](repeating: 0, count: 292)
        for type in [GGMLType.q8_1, .q8_K] {
            XCTAssertThrowsError(try bytes.withUnsafeBytes { raw in
                try Dequantize.row(type, from: raw.baseAddress!, count: type.blockSize, into: &out)
            }) { error in
                XCTAssertEqual(error as? UnsupportedTensorType, UnsupportedTensorType(type: type, operation: "Dequantize.row"))
                XCTAssertTrue("\(error)".contains(type.description))
            }
        }
    }

    func testHalfAndBFloatConversions() {
        XCTAssertEqual(HalfFloat.float(fromHalf: 0x3C00), 1)
        XCTAssertEqual(HalfFloat.float(fromHalf: 0xC000), -2)
        XCTAssertEqual(HalfFloat.float(fromHalf: 0x0001), Float(sign: .plus, exponent: -24, significand: 1))
        XCTAssertEqual(HalfFloat.float(fromHalf: 0x7BFF), 65504)
        XCTAssertTrue(HalfFloat.float(fromHalf: 0x7C00).isInfinite)
        // 1 + 2^-11 lies halfway between two halves: ties to even keeps 1.0.
        XCTAssertEqual(HalfFloat.half(from: 1 + 0x1p-11), 0x3C00)
        XCTAssertEqual(HalfFloat.half(from: 1 + 3 * 0x1p-11), 0x3C02)
        XCTAssertEqual(HalfFloat.float(fromBFloat: 0x3F80), 1)
        XCTAssertEqual(HalfFloat.float(fromBFloat: 0xC040), -3)
        XCTAssertEqual(HalfFloat.bfloat(from: 1 + 0x1p-8), 0x3F80)          // tie, even stays
        XCTAssertEqual(HalfFloat.bfloat(from: 1 + 3 * 0x1p-8), 0x3F82)      // tie, odd rounds up
        XCTAssertEqual(HalfFloat.bfloat(from: .nan) & 0x7FC0, 0x7FC0)
    }
}
