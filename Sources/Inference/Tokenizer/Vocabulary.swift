/// A model's vocabulary as read from GGUF metadata: token texts (as bytes), attributes, scores, special ids,
/// the BOS/EOS/space-prefix rules and the end-of-generation set, derived as llama.cpp's `llama_vocab::load` does.
struct Vocabulary: Sendable {
    let file: String
    let kind: VocabularyKind
    /// Token texts to ids; id `i` is token `i`.
    let texts: ByteStringTable
    private(set) var attributes: [TokenAttributes]
    /// SentencePiece merge priorities (higher merges first); zeros when the file has none.
    let scores: [Float]
    private(set) var special: SpecialTokenIDs
    let addBOS: Bool
    let addEOS: Bool
    /// SentencePiece: prefix a space to text at the start and after each special token.
    let addSpacePrefix: Bool
    private(set) var endOfGeneration: Set<Int32> = []

    var count: Int { attributes.count }

    /// - Parameter addsBOSByDefault: the pre-tokenizer's default when `tokenizer.ggml.add_bos_token` is absent.
    init(metadata: GGUFMetadata, kind: VocabularyKind, addsBOSByDefault: Bool) throws {
        file = metadata.file
        self.kind = kind
        let tokens = try metadata.stringArray(Keys.tokens)
        guard !tokens.isEmpty else {
            throw TokenizerError(file: file, field: "metadata '\(Keys.tokens)'", reason: "the vocabulary is empty")
        }
        let n = tokens.count

        var table = ByteStringTable(expectedCount: n)
        for (i, token) in tokens.enumerated() {
            // llama.cpp renames empty entries so every token has a distinct, non-empty text.
            let text = token.isEmpty ? "[EMPTY_\(i)]" : token
            let (id, inserted) = table.intern(Array(text.utf8))
            guard inserted else {
                throw TokenizerError(file: file, field: "metadata '\(Keys.tokens)' #\(i)",
                                     reason: "duplicate token '\(text)', already token #\(id)")
            }
        }
        texts = table

        if metadata.contains(Keys.scores) {
            let values = try metadata.floatArray(Keys.scores)
            guard values.count >= n else {
                throw TokenizerError(file: file, field: "metadata '\(Keys.scores)'",
                                     reason: "expected \(n) scores (one per token), found \(values.count)")
            }
            scores = Array(values.prefix(n))
        } else {
            scores = [Float](repeating: 0, count: n)
        }

        if metadata.contains(Keys.tokenTypes) {
            let types = try metadata.intArray(Keys.tokenTypes)
            guard types.count >= n else {
                throw TokenizerError(file: file, field: "metadata '\(Keys.tokenTypes)'",
                                     reason: "expected \(n) token types (one per token), found \(types.count)")
            }
            attributes = types.prefix(n).map { TokenAttributes.byGGUFTokenType[$0] ?? [] }
        } else {
            attributes = [TokenAttributes](repeating: .normal, count: n)
        }

        special = try SpecialTokenIDs(metadata: metadata, kind: kind, vocabularySize: n)
        let spm = kind == .sentencePiece
        addSpacePrefix = try metadata.bool(Keys.addSpacePrefix, default: spm)
        addBOS = try metadata.bool(Keys.addBOS, default: spm || addsBOSByDefault)
        addEOS = try metadata.bool(Keys.addEOS, default: false)
        if addBOS && special.bos == nil {
            throw TokenizerError(file: file, field: "metadata '\(Keys.addBOS)'", reason: "is true, but no BOS token id is set")
        }
        if addEOS && special.eos == nil {
            throw TokenizerError(file: file, field: "metadata '\(Keys.addEOS)'", reason: "is true, but no EOS token id is set")
        }

        deriveSpecialTokensByText()
        markUnusedControlTokens()
        deriveEndOfGeneration()
    }

    func id(of text: String) -> Int32? { texts.find(text) }

    func text(_ id: Int32) -> ArraySlice<UInt8> { texts.bytes(id) }

    func contains(_ id: Int32) -> Bool { id >= 0 && Int(id) < count }

    // MARK: Derived by text, as llama.cpp does when the converter left ids out

    /// Fills unset end-of-turn and fill-in-the-middle ids from well-known token texts, marking them control.
    /// Among several matching texts the earliest in each list wins (llama.cpp takes whichever its hash map yields first).
    private mutating func deriveSpecialTokensByText() {
        for (path, candidates) in SpecialTokenIDs.derivedByText where special[keyPath: path] == nil {
            for text in candidates {
                guard let id = id(of: text) else { continue }
                special[keyPath: path] = id
                attributes[Int(id)].insert(.control)
                break
            }
        }
        // gpt-oss: these structural tokens must always render, so llama.cpp makes them user-defined.
        for text in ["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"] {
            if let id = id(of: text) { attributes[Int(id)] = .userDefined }
        }
    }

    private mutating func markUnusedControlTokens() {
        let marker = Array("unused".utf8)
        for i in 0..<count where attributes[i].contains(.control) && !attributes[i].contains(.unused) {
            if Self.contains(texts.bytes(Int32(i)), marker) { attributes[i].insert(.unused) }
        }
    }

    private mutating func deriveEndOfGeneration() {
        var set = Set<Int32>()
        for id in [special.fimPad, special.fimRep, special.fimSep] { if let id { set.insert(id) } }
        for text in SpecialTokenIDs.endOfGenerationTexts {
            guard let id = id(of: text) else { continue }
            set.insert(id)
            attributes[Int(id)].insert(.control)
        }
        for id in [special.eos, special.eot, special.eom] { if let id { set.insert(id) } }

        // Harmony-style vocabularies end a message with "<|end|>" but a turn with "<|return|>"/"<|call|>":
        // there "<|end|>" does not stop generation.
        let table = texts
        let has = { (text: String) in table.find(text).map { set.contains($0) } ?? false }
        if let end = id(of: "<|end|>"), set.contains(end),
           (has("<|return|>") && (has("<|call|>") || has("<|calls|>"))) || (has("<|calls|>") && has("<|flush|>")) {
            set.remove(end)
            attributes[Int(end)] = .userDefined
        }
        // Where "<|tool_response>" exists, "</s>" is an ordinary token.
        if has("<|tool_response>"), let s = id(of: "</s>"), set.contains(s) {
            set.remove(s)
            attributes[Int(s)] = .normal
        }
        endOfGeneration = set
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        let h = Array(haystack)
        guard h.count >= needle.count else { return false }
        return (0...(h.count - needle.count)).contains { h[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    enum Keys {
        static let model = "tokenizer.ggml.model"
        static let pre = "tokenizer.ggml.pre"
        static let tokens = "tokenizer.ggml.tokens"
        static let scores = "tokenizer.ggml.scores"
        static let tokenTypes = "tokenizer.ggml.token_type"
        static let merges = "tokenizer.ggml.merges"
        static let addBOS = "tokenizer.ggml.add_bos_token"
        static let addEOS = "tokenizer.ggml.add_eos_token"
        static let addSpacePrefix = "tokenizer.ggml.add_space_prefix"
    }
}
