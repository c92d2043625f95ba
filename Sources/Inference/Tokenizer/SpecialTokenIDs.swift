/// The ids of a vocabulary's special tokens; nil where the model has none.
struct SpecialTokenIDs: Sendable {
    var bos: Int32?, eos: Int32?, eot: Int32?, eom: Int32?
    var unknown: Int32?, separator: Int32?, padding: Int32?, mask: Int32?
    var fimPre: Int32?, fimSuf: Int32?, fimMid: Int32?, fimPad: Int32?, fimRep: Int32?, fimSep: Int32?

    /// Metadata keys in llama.cpp's reading order; the deprecated prefix/suffix/middle keys come last and win.
    /// ("seperator" is the key's spelling in GGUF.)
    static let keys: [(String, WritableKeyPath<SpecialTokenIDs, Int32?>)] = [
        ("tokenizer.ggml.bos_token_id", \.bos),
        ("tokenizer.ggml.eos_token_id", \.eos),
        ("tokenizer.ggml.eot_token_id", \.eot),
        ("tokenizer.ggml.eom_token_id", \.eom),
        ("tokenizer.ggml.unknown_token_id", \.unknown),
        ("tokenizer.ggml.seperator_token_id", \.separator),
        ("tokenizer.ggml.padding_token_id", \.padding),
        ("tokenizer.ggml.mask_token_id", \.mask),
        ("tokenizer.ggml.fim_pre_token_id", \.fimPre),
        ("tokenizer.ggml.fim_suf_token_id", \.fimSuf),
        ("tokenizer.ggml.fim_mid_token_id", \.fimMid),
        ("tokenizer.ggml.fim_pad_token_id", \.fimPad),
        ("tokenizer.ggml.fim_rep_token_id", \.fimRep),
        ("tokenizer.ggml.fim_sep_token_id", \.fimSep),
        ("tokenizer.ggml.prefix_token_id", \.fimPre),
        ("tokenizer.ggml.suffix_token_id", \.fimSuf),
        ("tokenizer.ggml.middle_token_id", \.fimMid),
    ]

    /// Texts that identify a special token when its id is not in the metadata (llama.cpp's lists).
    static let derivedByText: [(WritableKeyPath<SpecialTokenIDs, Int32?>, [String])] = [
        (\.eot, ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>",
                 "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"]),
        (\.eom, ["<|eom_id|>"]),
        (\.fimPre, ["<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>",
                    "<|code_prefix|>", "<|prefix|>"]),
        (\.fimSuf, ["<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>",
                    "<|code_suffix|>", "<|suffix|>"]),
        (\.fimMid, ["<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>",
                    "<|code_middle|>", "<|middle|>"]),
        (\.fimPad, ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"]),
        (\.fimRep, ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"]),
        (\.fimSep, ["<|file_sep|>"]),
    ]

    /// Texts of tokens that end generation wherever they occur in a vocabulary (llama.cpp's list).
    static let endOfGenerationTexts = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
        "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
        "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
        "<｜end▁of▁sentence｜>", "[e~[",
    ]

    init(metadata: GGUFMetadata, kind: VocabularyKind, vocabularySize n: Int) throws {
        let defaults = kind.defaultSpecialIDs
        let inRange = { (id: Int32?) in id.flatMap { $0 >= 0 && Int($0) < n ? $0 : nil } }
        bos = inRange(defaults.bos)
        eos = inRange(defaults.eos)
        unknown = inRange(defaults.unknown)
        for (key, path) in Self.keys where metadata.contains(key) {
            let value = try metadata.int(key)
            // llama.cpp keeps the default when the file names an id outside the vocabulary.
            if value >= 0 && value < n { self[keyPath: path] = Int32(value) }
        }
    }
}
