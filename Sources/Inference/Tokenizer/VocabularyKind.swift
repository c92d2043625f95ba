/// The tokenization algorithm a model declares in `tokenizer.ggml.model`.
enum VocabularyKind: Sendable {
    /// `gpt2`: byte-level BPE over the GPT-2 byte-to-unicode mapping, with ranked merges and a pre-tokenizer.
    case bytePairs
    /// `llama`: SentencePiece-style BPE, merging by token score, with `<0xNN>` byte fallback.
    case sentencePiece

    /// GGUF model names to kinds; a name missing here is an error that lists these.
    static let byModelName: [String: VocabularyKind] = [
        "gpt2": .bytePairs,
        "llama": .sentencePiece,
    ]

    /// Special token ids llama.cpp assumes before reading the metadata (a default outside the vocabulary is dropped).
    var defaultSpecialIDs: (bos: Int32?, eos: Int32?, unknown: Int32?) {
        switch self {
        case .bytePairs: return (11, 11, nil)
        case .sentencePiece: return (1, 2, 0)
        }
    }
}
