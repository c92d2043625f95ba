/// Splits text into the words that byte-level BPE merges within, as the pre-tokenizer named in
/// `tokenizer.ggml.pre` does in llama.cpp: a chain of splits, each applied to every chunk the previous one left.
///
/// llama.cpp writes each split as a regex; here each is a hand-written scanner (`SplitRule`) over Unicode
/// scalars, reproducing llama.cpp's own scanners (and, for the std::regex ones, their matches) exactly.
struct PreTokenizer: Sendable {
    let rules: [SplitRule]
    /// Llama 3 style: a word that is already a whole token is emitted without running merges.
    var ignoresMerges = false
    /// The BOS rule when the file has no `tokenizer.ggml.add_bos_token`.
    var addsBOSByDefault = false

    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    static let gpt2 = PreTokenizer(rules: [.gpt2Words])
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    static let llama3 = PreTokenizer(rules: [.llama3Words(digitsPerWord: 3)], ignoresMerges: true, addsBOSByDefault: true)
    /// As Llama 3 but one digit per word: `…|\p{N}|…`.
    static let qwen2 = PreTokenizer(rules: [.llama3Words(digitsPerWord: 1)])
    /// StarCoder family (SmolLM): every digit alone (`\p{N}`), then GPT-2 words.
    static let starCoder = PreTokenizer(rules: [.isolateEachNumber, .gpt2Words])
    /// llama.cpp's fallback: `[\p{P}\$\+<=>\^~\|]+`, GPT-2 words, `\p{N}+`, `[0-9][0-9][0-9]`.
    static let fallback = PreTokenizer(rules: [.isolatePunctuationRuns, .gpt2Words, .isolateNumberRuns,
                                               .isolateASCIIDigitTriples])

    /// `tokenizer.ggml.pre` values to pre-tokenizers, with the aliases llama.cpp accepts for the same splits.
    static let byName: [String: PreTokenizer] = [
        "default": fallback,
        "gpt-2": gpt2, "phi-2": gpt2, "mpt": gpt2, "olmo": gpt2, "jais": gpt2, "exaone4": gpt2,
        "llama3": llama3, "llama-v3": llama3, "llama-bpe": llama3, "falcon3": llama3, "pixtral": llama3,
        "qwen2": qwen2, "deepseek-r1-qwen": qwen2, "megrez": qwen2, "stablelm2": qwen2,
        "smollm": starCoder, "starcoder": starCoder, "refact": starCoder, "command-r": starCoder,
        "codeshell": starCoder, "exaone": starCoder, "minerva-7b": starCoder,
    ]

    /// Word lengths, in scalars, covering `scalars` in order.
    func split(_ scalars: [UInt32]) -> [Int] {
        guard !scalars.isEmpty else { return [] }
        let classes = ScalarClass.classify(scalars)
        var chunks = [scalars.count]
        for rule in rules {
            var next: [Int] = []
            next.reserveCapacity(chunks.count * 2)
            var start = 0
            for length in chunks {
                let scanner = WordScanner(scalars: scalars, classes: classes, start: start, end: start + length)
                scanner.split(by: rule, into: &next)
                start += length
            }
            chunks = next
        }
        return chunks
    }
}

/// One split in a pre-tokenizer chain.
enum SplitRule: Sendable {
    case gpt2Words
    /// Llama 3 / Qwen 2 words; numbers in words of at most this many digits.
    case llama3Words(digitsPerWord: Int)
    /// `\p{N}`: each number character alone, the text between as chunks.
    case isolateEachNumber
    /// `\p{N}+`
    case isolateNumberRuns
    /// `[\p{P}\$\+<=>\^~\|]+`
    case isolatePunctuationRuns
    /// `[0-9][0-9][0-9]`, leftmost first.
    case isolateASCIIDigitTriples
}
