/// One turn of a conversation as chat templates see it (`message.role`, `message.content`).
public struct ChatMessage: Sendable, Equatable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A model's chat template (`tokenizer.chat_template` in GGUF, HF's Jinja convention), parsed
/// once and rendered per conversation by Consilium's own Jinja subset interpreter.
///
/// Whitespace handling defaults to what HF transformers and llama.cpp use
/// (`trim_blocks` and `lstrip_blocks` on), so prompts match theirs byte for byte.
public struct ChatTemplate: Sendable {
    public let source: String
    public let whitespace: TemplateWhitespace
    private let nodes: [TemplateNode]

    /// Parses once; throws ChatTemplateError with line/column for a template it cannot parse.
    public init(source: String) throws {
        try self.init(source: source, whitespace: .huggingFace)
    }

    /// Parses with explicit Jinja whitespace options (`.jinjaDefault` is plain Jinja2's).
    public init(source: String, whitespace: TemplateWhitespace) throws {
        self.source = source
        self.whitespace = whitespace
        nodes = try TemplateParser.parse(try TemplateLexer.segments(of: source, whitespace: whitespace))
    }

    /// Renders with HF's variables: messages, add_generation_prompt, bos_token, eos_token (+ extra).
    ///
    /// `extra` adds variables such as `tools` or `date_string`; an extra entry with a standard
    /// name replaces the standard value (pass `messages` there for messages with tool calls).
    public func render(messages: [ChatMessage], addGenerationPrompt: Bool, bosToken: String, eosToken: String,
                       extra: [String: TemplateValue] = [:]) throws -> String {
        var variables: [String: TemplateValue] = [
            "messages": .array(messages.map { .object(TemplateObject([("role", .string($0.role)), ("content", .string($0.content))])) }),
            "add_generation_prompt": .bool(addGenerationPrompt),
            "bos_token": .string(bosToken),
            "eos_token": .string(eosToken),
        ]
        variables.merge(extra) { _, replacement in replacement }
        return try render(variables: variables)
    }

    /// Renders with exactly these template variables.
    public func render(variables: [String: TemplateValue]) throws -> String {
        var renderer = TemplateRenderer(variables: variables.mapValues(JinjaValue.init))
        return try renderer.render(nodes)
    }

    /// The built-in templates Consilium knows by family, used when a GGUF has none (e.g. "gemma").
    ///
    /// Families: `gemma` (also `gemma2`, `gemma3`), `chatml`, `llama3`, `mistral`. nil for others.
    public static func builtin(_ family: String) -> ChatTemplate? {
        guard let source = BuiltinChatTemplates.source(for: family) else { return nil }
        return try? ChatTemplate(source: source)
    }
}
