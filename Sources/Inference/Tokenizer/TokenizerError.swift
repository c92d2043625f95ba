/// A tokenizer that cannot be built from a model's metadata, naming the file, the metadata key and what was wrong.
public struct TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model file the metadata came from.
    public var file: String
    /// The metadata key or vocabulary entry at fault, e.g. "metadata 'tokenizer.ggml.pre'" or "token #17".
    public var field: String
    /// What was expected and what was found.
    public var reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(file): \(field): \(reason)" }
}
