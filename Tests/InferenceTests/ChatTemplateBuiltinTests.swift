import Foundation
import XCTest

@testable import Inference

/// The chat prompts llama.cpp rendered for the reference outputs, and Consilium's built-in
/// templates against the families' official ones (both rendered by Jinja2, in expected.json).
final class ChatTemplateBuiltinTests: XCTestCase {
    private struct LlamaCppPrompt: Decodable {
        var model: String
        var template: String
        var name: String
        var promptText: String
        var userMessage: String

        enum CodingKeys: String, CodingKey {
            case model, template, name
            case promptText = "prompt_text"
            case userMessage = "user_message"
        }
    }

    /// chat0..3 of SmolLM2, Qwen2.5-Coder (templates from their GGUF files) and Gemma 3 (builtin
    /// "gemma": that GGUF has no template) equal llama.cpp's `prompt_text`. llama.cpp's tokenizer
    /// adds Gemma's BOS itself, so its prompt text has none: we render with an empty `bos_token`.
    func testChatPromptsMatchLlamaCppReference() throws {
        let fixtures = try ChatFixtures.load()
        struct File: Decodable { var prompts: [LlamaCppPrompt] }
        let data = try Data(contentsOf: fixtures.directory.appendingPathComponent("llamacpp_chat_prompts.json"))
        let prompts = try JSONDecoder().decode(File.self, from: data).prompts
        XCTAssertEqual(prompts.count, 12)
        for prompt in prompts {
            let template: ChatTemplate
            if prompt.template.hasPrefix("builtin:") {
                template = try XCTUnwrap(ChatTemplate.builtin(String(prompt.template.dropFirst("builtin:".count))))
            } else {
                template = try ChatTemplate(source: try fixtures.templateSource(prompt.template))
            }
            let rendered = try template.render(
                messages: [ChatMessage(role: "user", content: prompt.userMessage)],
                addGenerationPrompt: true, bosToken: "", eosToken: "")
            XCTAssertEqual(rendered, prompt.promptText, "\(prompt.model) \(prompt.name)")
        }
    }

    func testEveryFamilyParsesAndUnknownFamiliesAreNil() {
        for family in ["gemma", "gemma2", "gemma3", "GEMMA", "chatml", "llama3", "mistral"] {
            XCTAssertNotNil(ChatTemplate.builtin(family), family)
        }
        XCTAssertNil(ChatTemplate.builtin("phi3"))
        XCTAssertNil(ChatTemplate.builtin(""))
    }

    /// Each builtin renders what its family's official template renders (per Jinja2), on every
    /// fixture conversation the official template accepts; where it raised, the builtin must too.
    func testBuiltinsMatchOfficialTemplates() throws {
        let fixtures = try ChatFixtures.load()
        let pairs: [(family: String, official: String, accepts: (ChatFixtures.Conversation) -> Bool)] = [
            ("gemma", "gemma-3-it", { _ in true }),
            ("llama3", "llama-3-instruct", { _ in true }),
            // v0.1 rejects system messages, which the builtin folds in; compare the rest.
            ("mistral", "mistral-7b-instruct-v0.1", { !Self.roles($0).contains("system") }),
            // SmolLM2's template is plain ChatML once a system message comes first.
            ("chatml", "smollm2-135m-instruct", { Self.roles($0).first == "system" }),
        ]
        var compared = 0
        for pair in pairs {
            let builtin = try XCTUnwrap(ChatTemplate.builtin(pair.family))
            let tokens = try XCTUnwrap(ChatFixtures.specialTokens[pair.official])
            for name in fixtures.conversationNames {
                let conversation = try XCTUnwrap(fixtures.conversations[name])
                guard pair.accepts(conversation), !Self.hasToolTurns(conversation) else { continue }
                let expected = try XCTUnwrap(fixtures.expected(pair.official, name))
                let label = "\(pair.family) vs \(pair.official) / \(name)"
                if let output = expected.output {
                    XCTAssertEqual(try conversation.render(with: builtin, bosToken: tokens.bos, eosToken: tokens.eos), output, label)
                } else {
                    XCTAssertThrowsError(try conversation.render(with: builtin, bosToken: tokens.bos, eosToken: tokens.eos), label)
                }
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 25)
    }

    /// Gemma has no system role: the builtin opens the first user turn with it, as Gemma 3's template does.
    func testGemmaFoldsSystemIntoFirstUserTurn() throws {
        let gemma = try XCTUnwrap(ChatTemplate.builtin("gemma"))
        let rendered = try gemma.render(
            messages: [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: " Hi ")],
            addGenerationPrompt: true, bosToken: "<bos>", eosToken: "<eos>")
        XCTAssertEqual(rendered, "<bos><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n")
    }

    func testMistralFoldsSystemIntoFirstUserTurn() throws {
        let mistral = try XCTUnwrap(ChatTemplate.builtin("mistral"))
        let rendered = try mistral.render(
            messages: [
                ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi"),
                ChatMessage(role: "assistant", content: "Hello"), ChatMessage(role: "user", content: "Bye"),
            ],
            addGenerationPrompt: true, bosToken: "<s>", eosToken: "</s>")
        XCTAssertEqual(rendered, "<s>[INST] Be brief.\n\nHi [/INST]Hello</s>[INST] Bye [/INST]")
    }

    private static func roles(_ conversation: ChatFixtures.Conversation) -> [String] {
        guard case .array(let items) = conversation.messages else { return [] }
        return items.compactMap { item in
            guard case .object(let object) = item, case .string(let role)? = object["role"] else { return nil }
            return role
        }
    }

    private static func hasToolTurns(_ conversation: ChatFixtures.Conversation) -> Bool {
        roles(conversation).contains("tool")
    }
}
