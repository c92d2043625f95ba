/// What kind of vocabulary entry a token is, as llama.cpp's token attributes (a set, because
/// llama.cpp adds `control` to end-of-turn-looking tokens and `unused` to control tokens named "unused").
public struct TokenAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let unknown = TokenAttributes(rawValue: 1 << 0)
    public static let unused = TokenAttributes(rawValue: 1 << 1)
    public static let normal = TokenAttributes(rawValue: 1 << 2)
    public static let control = TokenAttributes(rawValue: 1 << 3)
    public static let userDefined = TokenAttributes(rawValue: 1 << 4)
    public static let byte = TokenAttributes(rawValue: 1 << 5)

    /// Attributes of a `tokenizer.ggml.token_type` value (GGUF's numbering: 1 normal, 2 unknown,
    /// 3 control, 4 user-defined, 5 unused, 6 byte; 0 and anything else are undefined = no attribute).
    static let byGGUFTokenType: [Int: TokenAttributes] = [
        1: .normal, 2: .unknown, 3: .control, 4: .userDefined, 5: .unused, 6: .byte,
    ]

    /// Tokens whose text is matched in the input before ordinary tokenization (llama.cpp's special-token cache).
    static let matchedAsText: TokenAttributes = [.control, .userDefined, .unknown]
    /// Tokens that only render when special tokens are asked for.
    static let hiddenUnlessSpecial: TokenAttributes = [.control, .unknown]
}
