import Foundation
import XCTest

@testable import Inference

/// Renders real chat templates (SmolLM2's and Qwen2.5-Coder's from their GGUF files; Llama 3,
/// Llama 3.2, Gemma 3, Mistral v0.1 and Mistral Nemo as published) and two probe templates for
/// every conversation in Fixtures/chat/conversations.json, and compares byte for byte with
/// Python Jinja2 3.1.6 set up as HF transformers does. Fixtures: Fixtures/chat/README.md.
final class ChatTemplateJinjaParityTests: XCTestCase {
    func testEveryTemplateAndConversationMatchesJinja2() throws {
        let fixtures = try ChatFixtures.load()
        XCTAssertGreaterThanOrEqual(fixtures.expected.count, 180, "expected.json lost entries")
        var outputsCompared = 0
        var errorsCompared = 0
        for entry in fixtures.expected {
            let whitespace: TemplateWhitespace = entry.whitespace == "huggingface" ? .huggingFace : .jinjaDefault
            let template = try ChatTemplate(source: try fixtures.templateSource(entry.template), whitespace: whitespace)
            let conversation = try XCTUnwrap(fixtures.conversations[entry.conversation], entry.conversation)
            let label = "\(entry.template) / \(entry.conversation) / \(entry.whitespace)"
            let tokens = try XCTUnwrap(ChatFixtures.specialTokens[entry.template], entry.template)
            do {
                let output = try conversation.render(with: template, bosToken: tokens.bos, eosToken: tokens.eos)
                guard let expected = entry.output else {
                    XCTFail("\(label): Jinja2 failed with \(entry.error ?? "?") but we rendered \(output.debugDescription)")
                    continue
                }
                XCTAssertEqual(output, expected, label)
                outputsCompared += 1
            } catch let error as ChatTemplateError {
                guard let expectedError = entry.error else {
                    XCTFail("\(label): Jinja2 rendered, we threw \(error)")
                    continue
                }
                if entry.errorType == "TemplateError" {
                    XCTAssertEqual(error.kind, .raisedByTemplate, label)
                    XCTAssertEqual(error.reason, expectedError, label)
                }
                errorsCompared += 1
            }
        }
        XCTAssertGreaterThan(outputsCompared, 150)
        XCTAssertGreaterThan(errorsCompared, 10)
    }

    /// The probes must actually differ between the two whitespace modes, or the modes go untested.
    func testWhitespaceProbeDistinguishesTheModes() throws {
        let fixtures = try ChatFixtures.load()
        let source = try fixtures.templateSource("probe-whitespace")
        let conversation = try XCTUnwrap(fixtures.conversations["multi_turn"])
        let hf = try conversation.render(with: try ChatTemplate(source: source), bosToken: "<s>", eosToken: "</s>")
        let plain = try conversation.render(
            with: try ChatTemplate(source: source, whitespace: .jinjaDefault), bosToken: "<s>", eosToken: "</s>")
        XCTAssertNotEqual(hf, plain)
        XCTAssertTrue(hf.hasPrefix("<<SYS>>\nAnswer briefly.\n<</SYS>>\n"), hf)
    }
}

struct FixtureError: Error { var reason: String }

/// The chat fixtures made by Benchmarks/fixtures/make_chat_fixtures.py.
struct ChatFixtures {
    struct Expected: Decodable {
        var template: String
        var conversation: String
        var whitespace: String
        var output: String?
        var error: String?
        var errorType: String?

        enum CodingKeys: String, CodingKey {
            case template, conversation, whitespace, output, error
            case errorType = "error_type"
        }
    }

    /// One conversation: its messages (possibly with tool calls), flag and extra variables.
    struct Conversation {
        var messages: TemplateValue
        var addGenerationPrompt: Bool
        var extra: [String: TemplateValue]

        /// Plain role/content messages go through the public `render(messages:...)`; richer ones
        /// (tool calls) replace `messages` through `extra`, as the API documents.
        func render(with template: ChatTemplate, bosToken: String, eosToken: String) throws -> String {
            var extra = self.extra
            var plain: [ChatMessage] = []
            if case .array(let items) = messages {
                for item in items {
                    guard case .object(let object) = item, object.keys == ["role", "content"],
                        case .string(let role)? = object["role"], case .string(let content)? = object["content"]
                    else {
                        extra["messages"] = messages
                        break
                    }
                    plain.append(ChatMessage(role: role, content: content))
                }
            }
            return try template.render(
                messages: plain, addGenerationPrompt: addGenerationPrompt, bosToken: bosToken, eosToken: eosToken, extra: extra)
        }
    }

    /// BOS/EOS texts per template, as in the fixture script's TOKENS table.
    static let specialTokens: [String: (bos: String, eos: String)] = [
        "smollm2-135m-instruct": ("<|im_start|>", "<|im_end|>"),
        "qwen2.5-coder-0.5b-instruct": ("<|endoftext|>", "<|im_end|>"),
        "llama-3-instruct": ("<|begin_of_text|>", "<|eot_id|>"),
        "llama-3.2-instruct": ("<|begin_of_text|>", "<|eot_id|>"),
        "gemma-3-it": ("<bos>", "<eos>"),
        "mistral-7b-instruct-v0.1": ("<s>", "</s>"),
        "mistral-nemo-instruct-2407": ("<s>", "</s>"),
        "probe-whitespace": ("<s>", "</s>"),
        "probe-features": ("<s>", "</s>"),
    ]

    var directory: URL
    var expected: [Expected]
    var conversations: [String: Conversation]
    /// Conversation names in file order.
    var conversationNames: [String]

    static func load() throws -> ChatFixtures {
        let directory = try XCTUnwrap(Bundle.module.resourceURL).appendingPathComponent("Fixtures/chat")
        struct ExpectedFile: Decodable { var results: [Expected] }
        let expectedData = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        let expected = try JSONDecoder().decode(ExpectedFile.self, from: expectedData).results
        let conversationText = try String(contentsOf: directory.appendingPathComponent("conversations.json"), encoding: .utf8)
        guard case .array(let items) = try TemplateValue(json: conversationText) else {
            throw FixtureError(reason: "conversations.json is not a JSON list")
        }
        var conversations: [String: Conversation] = [:]
        var names: [String] = []
        for item in items {
            guard case .object(let object) = item, case .string(let name)? = object["name"],
                let messages = object["messages"], case .bool(let flag)? = object["add_generation_prompt"]
            else { continue }
            var extra: [String: TemplateValue] = [:]
            if case .object(let extras)? = object["extra"] {
                for key in extras.keys { extra[key] = extras[key] }
            }
            conversations[name] = Conversation(messages: messages, addGenerationPrompt: flag, extra: extra)
            names.append(name)
        }
        XCTAssertEqual(names.count, 10, "conversations.json lost entries")
        return ChatFixtures(directory: directory, expected: expected, conversations: conversations, conversationNames: names)
    }

    func templateSource(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("templates/\(name).jinja"), encoding: .utf8)
    }

    func expected(_ template: String, _ conversation: String, whitespace: String = "huggingface") -> Expected? {
        expected.first { $0.template == template && $0.conversation == conversation && $0.whitespace == whitespace }
    }
}
