/// A GGUF model ready to generate: weights, tokenizer and the chat template to render conversations.
public final class LocalModel: @unchecked Sendable {
    public let path: String
    public let model: TransformerModel
    public let tokenizer: Tokenizer
    /// The file's own template, or a built-in one for its family (Gemma files often carry none).
    public let chatTemplate: ChatTemplate?
    /// Where `chatTemplate` came from: "gguf", "builtin:<family>", or nil when there is none.
    public let chatTemplateSource: String?

    /// Families whose files may lack `tokenizer.chat_template`, by `general.architecture`.
    static let builtinTemplateFamily: [String: String] = ["gemma": "gemma", "gemma2": "gemma", "gemma3": "gemma"]

    public init(path: String) throws {
        let file = try GGUFFile(path: path)
        self.path = path
        model = try TransformerModel(file: file)
        tokenizer = try Tokenizer(metadata: file.metadata)
        if let source = try file.metadata.optionalString("tokenizer.chat_template") {
            chatTemplate = try ChatTemplate(source: source)
            chatTemplateSource = "gguf"
        } else if let family = Self.builtinTemplateFamily[model.config.architecture], let builtin = ChatTemplate.builtin(family) {
            chatTemplate = builtin
            chatTemplateSource = "builtin:\(family)"
        } else {
            chatTemplate = nil
            chatTemplateSource = nil
        }
    }

    /// Renders a conversation for generation and tokenizes it. The template's BOS is dropped when the
    /// tokenizer adds one itself, so the prompt never starts with two.
    public func chatPrompt(_ messages: [ChatMessage]) throws -> (text: String, tokens: [Int32]) {
        guard let template = chatTemplate else { throw LocalModelError.noChatTemplate(path: path) }
        let bos = tokenizer.bosID.map { tokenizer.tokenText($0) } ?? ""
        let eos = tokenizer.eosID.map { tokenizer.tokenText($0) } ?? ""
        var text = try template.render(messages: messages, addGenerationPrompt: true, bosToken: bos, eosToken: eos)
        var tokens = tokenizer.encode(text)
        if let id = tokenizer.bosID, !bos.isEmpty, tokens.count >= 2, tokens[0] == id, tokens[1] == id {
            text.removeFirst(bos.count)
            tokens.removeFirst()
        }
        return (text, tokens)
    }

    /// Tokenizes plain text as a completion prompt, with the model's BOS rule.
    public func rawPrompt(_ text: String) -> [Int32] {
        tokenizer.encode(text)
    }
}

public enum LocalModelError: Error, CustomStringConvertible, Equatable {
    case noChatTemplate(path: String)

    public var description: String {
        switch self {
        case .noChatTemplate(let path):
            return "\(path): the model has no chat template and none is built in for its family; use a raw prompt (--raw)"
        }
    }
}
