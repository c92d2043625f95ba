/// Text to token ids and back, built from a GGUF model's tokenizer metadata and token-exact with llama.cpp
/// (commit 0c1e57098) for byte-level BPE (`gpt2`) and SentencePiece-style (`llama`) vocabularies.
///
/// Immutable after construction; `encode` and `decode` may be called from several threads at once.
public final class Tokenizer: @unchecked Sendable {
    let vocabulary: Vocabulary
    private let encoder: FragmentEncoder
    private let specialTokens: SpecialTokenMatcher

    /// The per-kind encoder; a payload enum so each keeps its own tables.
    private enum FragmentEncoder {
        case bytePairs(BytePairEncoder)
        case sentencePiece(SentencePieceEncoder)
    }

    /// Reads the vocabulary, merges and rules from `tokenizer.ggml.*` metadata.
    /// - Throws: `TokenizerError` naming an unknown `tokenizer.ggml.model` or `tokenizer.ggml.pre`, or
    ///   `TokenizerError`/`GGUFError` for a missing or malformed array (tokens, scores, token types, merges).
    public init(metadata: GGUFMetadata) throws {
        let file = metadata.file
        let modelName = try metadata.string(Vocabulary.Keys.model)
        guard let kind = VocabularyKind.byModelName[modelName] else {
            let known = VocabularyKind.byModelName.keys.sorted().joined(separator: ", ")
            throw TokenizerError(file: file, field: "metadata '\(Vocabulary.Keys.model)'",
                                 reason: "unknown tokenizer model '\(modelName)' (supported: \(known))")
        }
        switch kind {
        case .bytePairs:
            // llama.cpp falls back to its default splits when a BPE file names no pre-tokenizer.
            let preName = try metadata.optionalString(Vocabulary.Keys.pre) ?? "default"
            guard let pre = PreTokenizer.byName[preName] else {
                let known = PreTokenizer.byName.keys.sorted().joined(separator: ", ")
                throw TokenizerError(file: file, field: "metadata '\(Vocabulary.Keys.pre)'",
                                     reason: "unknown pre-tokenizer '\(preName)' (supported: \(known))")
            }
            vocabulary = try Vocabulary(metadata: metadata, kind: kind, addsBOSByDefault: pre.addsBOSByDefault)
            guard metadata.contains(Vocabulary.Keys.merges) else {
                throw TokenizerError(file: file, field: "metadata '\(Vocabulary.Keys.merges)'",
                                     reason: "required for a '\(modelName)' tokenizer, but missing")
            }
            let merges = try metadata.stringArray(Vocabulary.Keys.merges)
            encoder = .bytePairs(try BytePairEncoder(vocabulary: vocabulary, merges: merges, preTokenizer: pre))
        case .sentencePiece:
            vocabulary = try Vocabulary(metadata: metadata, kind: kind, addsBOSByDefault: true)
            encoder = .sentencePiece(SentencePieceEncoder(vocabulary: vocabulary))
        }
        specialTokens = SpecialTokenMatcher(vocabulary: vocabulary)
    }

    public var vocabularySize: Int { vocabulary.count }
    public var bosID: Int32? { vocabulary.special.bos }
    public var eosID: Int32? { vocabulary.special.eos }

    /// True for every token that ends generation: EOS, end-of-turn and the other ids llama.cpp marks by text.
    public func isEndOfGeneration(_ id: Int32) -> Bool { vocabulary.endOfGeneration.contains(id) }

    /// The end-of-generation ids, sorted.
    public var endOfGenerationIDs: [Int32] { vocabulary.endOfGeneration.sorted() }

    /// Token ids of `text`, as `llama_tokenize`.
    /// - Parameters:
    ///   - addBOS: nil follows the model (its BOS and EOS rules, like llama.cpp's `add_special`); true forces a
    ///     BOS when the model has one (EOS still per the model); false adds neither.
    ///   - parseSpecial: when true, the text of control tokens (e.g. `<|im_start|>`) becomes that token;
    ///     user-defined tokens are matched either way, as in llama.cpp.
    public func encode(_ text: String, addBOS: Bool? = nil, parseSpecial: Bool = true) -> [Int32] {
        let bytes = Array(text.utf8)
        var output: [Int32] = []
        output.reserveCapacity(bytes.count / 3 + 2)

        let addsSpecial = addBOS != false
        var previousWasSpecial = true  // SentencePiece prefixes a space at the start and after special tokens
        if addBOS ?? vocabulary.addBOS, let bos = vocabulary.special.bos {
            output.append(bos)
        }
        for fragment in specialTokens.partition(bytes, parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id):
                output.append(id)
                previousWasSpecial = true
            case .text(let range):
                switch encoder {
                case .bytePairs(let bpe):
                    bpe.encode(bytes[range], into: &output)
                case .sentencePiece(let spm):
                    spm.encode(bytes[range], prefixSpace: vocabulary.addSpacePrefix && previousWasSpecial, into: &output)
                }
                previousWasSpecial = false
            }
        }
        if addsSpecial && vocabulary.addEOS, let eos = vocabulary.special.eos {
            output.append(eos)
        }
        return output
    }

    /// The bytes token `id` stands for: byte-level tokens with the GPT-2 mapping undone, SentencePiece tokens
    /// with '▁' as a space and `<0xNN>` as that byte, control and user-defined tokens as their text.
    /// Empty for an id outside the vocabulary and for unused tokens.
    public func piece(for id: Int32) -> [UInt8] { vocabulary.piece(id, includeSpecial: true) }

    /// The text of `ids`. Control and unknown tokens appear only with `includeSpecial`. Bytes that are not valid
    /// UTF-8 become U+FFFD. With `add_space_prefix` the space the encoder added is dropped from the first token,
    /// as llama.cpp's detokenizer does.
    public func decode(_ ids: [Int32], includeSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        for (i, id) in ids.enumerated() {
            bytes += renderedPiece(id, includeSpecial: includeSpecial, isFirst: i == 0)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The vocabulary entry of `id` as stored in the file (empty outside the vocabulary), for debugging.
    public func tokenText(_ id: Int32) -> String {
        guard vocabulary.contains(id) else { return "" }
        return String(decoding: vocabulary.text(id), as: UTF8.self)
    }

    /// The attributes of `id` (empty outside the vocabulary).
    public func attributes(of id: Int32) -> TokenAttributes {
        vocabulary.contains(id) ? vocabulary.attributes[Int(id)] : []
    }

    /// A token's bytes as they appear in decoded text at that position.
    func renderedPiece(_ id: Int32, includeSpecial: Bool, isFirst: Bool) -> [UInt8] {
        let piece = vocabulary.piece(id, includeSpecial: includeSpecial)
        if isFirst && vocabulary.addSpacePrefix && piece.first == UInt8(ascii: " ") {
            return Array(piece.dropFirst())
        }
        return piece
    }
}
