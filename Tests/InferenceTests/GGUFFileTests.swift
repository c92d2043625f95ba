import XCTest
@testable import Inference

final class GGUFFileTests: XCTestCase {
    func testReadsSmolLM2HeaderMetadataAndTensors() throws {
        let file = try GGUFFile(path: try TestModels.path(TestModels.smollm2))
        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.tensors.count, 272)
        XCTAssertEqual(file.metadata.keys.count, 33)
        XCTAssertEqual(try file.metadata.string("general.architecture"), "llama")
        XCTAssertEqual(try file.metadata.int("llama.block_count"), 30)
        XCTAssertEqual(try file.metadata.int("llama.embedding_length"), 576)
        XCTAssertEqual(try file.metadata.float("llama.rope.freq_base"), 100000)
        XCTAssertEqual(try file.metadata.stringArray("tokenizer.ggml.tokens").count, 49152)
        XCTAssertEqual(try file.metadata.stringArray("tokenizer.ggml.merges").count, 48900)
        XCTAssertEqual(try file.metadata.string("tokenizer.ggml.pre"), "smollm")
        let counts = Dictionary(grouping: file.tensors, by: { $0.type }).mapValues(\.count)
        XCTAssertEqual(counts, [.q8_0: 1, .f32: 61, .q4_1: 210])
        let embd = try XCTUnwrap(file.tensor(named: "token_embd.weight"))
        XCTAssertEqual(embd.dimensions, [576, 49152])
        XCTAssertEqual(embd.type, .q8_0)
        // Every tensor lies inside the file and on the alignment.
        for t in file.tensors {
            XCTAssertEqual((t.fileOffset - file.dataOffset) % file.alignment, 0, t.name)
            XCTAssertLessThanOrEqual(t.fileOffset + t.byteCount, file.fileSize, t.name)
        }
    }
}
