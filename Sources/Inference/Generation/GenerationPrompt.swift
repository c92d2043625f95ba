/// What a generation starts from: a conversation rendered through the model's chat template, or raw
/// text continued as it is (a completion).
public enum GenerationPrompt: Sendable, Equatable {
    case chat([ChatMessage])
    case raw(String)
}

extension LocalModel {
    /// The prompt's text as the model sees it and its token ids.
    public func render(_ prompt: GenerationPrompt) throws -> (text: String, tokens: [Int32]) {
        switch prompt {
        case .chat(let messages): return try chatPrompt(messages)
        case .raw(let text): return (text, rawPrompt(text))
        }
    }

    /// A generator with its own session (KV cache and thread pool).
    /// - Parameters:
    ///   - threads: worker threads including the caller.
    ///   - contextLength: positions to hold (default: the smaller of the trained length and 4096).
    public func makeGenerator(threads: Int, contextLength: Int? = nil) -> Generator {
        Generator(model: model, tokenizer: tokenizer,
                  session: InferenceSession(model: model, contextLength: contextLength, threads: threads))
    }
}
