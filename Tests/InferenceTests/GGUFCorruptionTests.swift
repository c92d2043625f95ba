import XCTest
@testable import Inference
import Support

/// Truncated, bit-flipped, oversize-claiming and malformed GGUF files: each must give a GGUFError
/// naming the field (and never crash or read out of bounds; the fuzzer covers far more inputs).
final class GGUFCorruptionTests: XCTestCase {
    private func expectError(_ bytes: [UInt8], field: String, reason: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try GGUFFile(bytes: bytes, name: "test.gguf"), file: file, line: line) { error in
            guard let e = error as? GGUFError else { return XCTFail("not a GGUFError: \(error)", file: file, line: line) }
            XCTAssertTrue(e.field.contains(field), "field '\(e.field)' does not mention '\(field)'", file: file, line: line)
            XCTAssertTrue(e.reason.contains(reason), "reason '\(e.reason)' does not mention '\(reason)'", file: file, line: line)
        }
    }

    func testValidFileParses() throws {
        let f = try GGUFFile(bytes: GGUFBuilder.valid().build(), name: "ok.gguf")
        XCTAssertEqual(f.tensors.map(\.name), ["norm.weight", "blk.0.ffn_up.weight"])
        XCTAssertEqual(try f.metadata.stringArray("tokenizer.ggml.tokens"), ["a", "b", "c"])
        let t = try XCTUnwrap(f.tensor(named: "norm.weight"))
        XCTAssertEqual(f.data(of: t).loadUnaligned(fromByteOffset: 12, as: Float.self), 3)
    }

    func testEveryTruncationIsAnErrorNamingWhatIsMissing() {
        let bytes = GGUFBuilder.valid().build()
        // The builder pads after the last tensor; the file needs only up to the end of its data.
        guard let full = try? GGUFFile(bytes: bytes, name: "ok.gguf"), let last = full.tensors.last else { return XCTFail("valid file") }
        let needed = last.fileOffset + last.byteCount
        XCTAssertNoThrow(try GGUFFile(bytes: Array(bytes[..<needed]), name: "exact.gguf"))
        for cut in 0..<needed {
            XCTAssertThrowsError(try GGUFFile(bytes: Array(bytes[..<cut]), name: "cut.gguf"), "cut at \(cut)") { error in
                XCTAssertTrue(error is GGUFError, "cut at \(cut): \(error)")
            }
        }
    }

    func testTruncatedDataNamesTheTensorAndTheBytes() {
        let bytes = GGUFBuilder.valid().build()
        expectError(Array(bytes.dropLast(40)), field: "blk.0.ffn_up.weight", reason: "truncated")
    }

    func testBadMagicAndVersions() {
        var bytes = GGUFBuilder.valid().build()
        bytes[0] = UInt8(ascii: "X")
        expectError(bytes, field: "magic", reason: "not a GGUF file")
        for v: UInt32 in [1, 4] {
            var b = GGUFBuilder.valid()
            b.version = v
            expectError(b.build(), field: "version", reason: "version \(v) is not supported")
        }
    }

    func testOversizeClaims() {
        var b = GGUFBuilder.valid()
        b.tensorCountOverride = 1 << 40
        expectError(b.build(), field: "tensor count", reason: "more than the file can hold")
        b = GGUFBuilder.valid()
        b.kvCountOverride = UInt64.max
        expectError(b.build(), field: "metadata count", reason: "more than the file can hold")
        b = GGUFBuilder.valid()
        // A string claiming 2^62 bytes.
        b.metadata.append(("big", .raw(type: 8, bytes: withUnsafeBytes(of: UInt64(1 << 62).littleEndian, Array.init))))
        expectError(b.build(), field: "'big'", reason: "claims")
        b = GGUFBuilder.valid()
        // An array of u32 claiming 2^60 elements.
        let arrayHeader = withUnsafeBytes(of: UInt32(4).littleEndian, Array.init) + withUnsafeBytes(of: UInt64(1 << 60).littleEndian, Array.init)
        b.metadata.append(("huge", .raw(type: 9, bytes: arrayHeader)))
        expectError(b.build(), field: "'huge'", reason: "array claims")
    }

    func testDuplicatesAndBadTensorInfos() {
        var b = GGUFBuilder.valid()
        b.metadata.append(("llama.block_count", .u32(2)))
        expectError(b.build(), field: "llama.block_count", reason: "duplicate key")

        b = GGUFBuilder.valid()
        b.tensors[1].name = "norm.weight"
        expectError(b.build(), field: "norm.weight", reason: "duplicate tensor name")

        b = GGUFBuilder.valid()
        b.tensors[1].type = 16
        expectError(b.build(), field: "blk.0.ffn_up.weight", reason: "IQ2_XXS")

        b = GGUFBuilder.valid()
        b.tensors[1].dims = [30, 2]
        expectError(b.build(), field: "blk.0.ffn_up.weight", reason: "not a multiple of the Q8_0 block size")

        b = GGUFBuilder.valid()
        b.tensors[1].dims = [32, 1, 1, 1, 2]
        expectError(b.build(), field: "blk.0.ffn_up.weight", reason: "5 dimensions")

        b = GGUFBuilder.valid()
        b.tensors[1].offsetOverride = 7
        expectError(b.build(), field: "blk.0.ffn_up.weight", reason: "not a multiple of the alignment")

        b = GGUFBuilder.valid()
        b.tensors[1].offsetOverride = 1 << 40
        expectError(b.build(), field: "blk.0.ffn_up.weight", reason: "beyond the end of the file")

        b = GGUFBuilder.valid()
        b.metadata.append(("general.alignment", .u32(24)))
        expectError(b.build(), field: "general.alignment", reason: "power-of-two")
    }

    func testUnknownValueTypeAndInvalidUTF8() {
        var b = GGUFBuilder.valid()
        b.metadata.append(("weird", .raw(type: 99, bytes: [])))
        expectError(b.build(), field: "'weird'", reason: "unknown value type 99")
        b = GGUFBuilder.valid()
        b.metadata.append(("bad", .raw(type: 8, bytes: withUnsafeBytes(of: UInt64(2).littleEndian, Array.init) + [0xC3, 0x28])))
        expectError(b.build(), field: "'bad'", reason: "not valid UTF-8")
    }

    func testRandomBitFlipsNeverCrash() {
        let original = GGUFBuilder.valid().build()
        var random = SeededRandom(seed: 42)
        for _ in 0..<5_000 {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let i = Int(random.next() % UInt64(bytes.count))
                bytes[i] ^= UInt8(1 << (random.next() % 8))
            }
            // Either outcome is fine; what matters is no crash and only GGUFErrors.
            do { _ = try GGUFFile(bytes: bytes, name: "flip.gguf") } catch { XCTAssertTrue(error is GGUFError, "\(error)") }
        }
    }

    func testTruncatedRealModelNamesTheTensor() throws {
        let path = try TestModels.path(TestModels.smollm2)
        let handle = try XCTUnwrap(FileHandle(forReadingAtPath: path))
        let prefix = try XCTUnwrap(try handle.read(upToCount: 20_000_000))
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("consilium-cut-\(getpid()).gguf")
        try prefix.write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        XCTAssertThrowsError(try GGUFFile(path: cut.path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("tensor info #"), text)
            XCTAssertTrue(text.contains("truncated"), text)
            XCTAssertTrue(text.contains("20000000 bytes"), text)
        }
    }

    func testUnknownArchitectureIsRefusedByName() throws {
        var b = GGUFBuilder.valid()
        b.metadata[0] = ("general.architecture", .string("mamba"))
        let file = try GGUFFile(bytes: b.build(), name: "mamba.gguf")
        XCTAssertThrowsError(try TransformerModel(file: file)) { error in
            XCTAssertEqual(error as? InferenceError, .unsupportedArchitecture("mamba", file: "mamba.gguf"))
            XCTAssertTrue("\(error)".contains("supported: gemma3, llama"), "\(error)")
        }
    }
}
