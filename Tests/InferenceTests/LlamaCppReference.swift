import Foundation

/// llama.cpp's recorded outputs for one model (see Fixtures/llamacpp/README.md).
struct LlamaCppReference: Decodable {
    struct Prompt: Decodable {
        var name: String
        var mode: String
        var prompt_text: String
        var add_special: Bool
        var parse_special: Bool
        var prompt_ids: [Int32]
        var prompt_top_logits: [[Double]]
        var generated_ids: [Int32]
        var step_top_logits: [[[Double]]]
        var generated_text: String
        var stopped_at_eog: Bool
    }
    var model_sha256: String
    var n_vocab: Int
    var results: [Prompt]

    static func load(_ model: String) throws -> LlamaCppReference {
        let url = try TestModels.fixture("llamacpp/\(model).json")
        return try JSONDecoder().decode(LlamaCppReference.self, from: Data(contentsOf: url))
    }
}
