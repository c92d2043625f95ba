/// SentencePiece-style BPE as llama.cpp's `llm_tokenizer_spm_session`: spaces become '▁' (U+2581), the text is
/// split into characters, and the adjacent pair whose concatenation is the highest-scoring token is merged
/// (leftmost on ties) until no pair forms a token. A character that is not a token falls back to `<0xNN>` tokens.
struct SentencePieceEncoder: Sendable {
    private let texts: ByteStringTable
    private let scores: [Float]
    /// The token for each byte: `<0xNN>`, else the byte itself as a one-byte token, else nil.
    private let byteTokens: [Int32?]

    /// The UTF-8 bytes of '▁', which stands for a space in SentencePiece vocabularies.
    static let spaceMarker: [UInt8] = [0xE2, 0x96, 0x81]

    init(vocabulary: Vocabulary) {
        texts = vocabulary.texts
        scores = vocabulary.scores
        byteTokens = (0..<256).map { b in
            let hex = String(b, radix: 16, uppercase: true)
            let name = "<0x" + (hex.count < 2 ? "0" + hex : hex) + ">"
            return vocabulary.texts.find(name) ?? vocabulary.texts.find([UInt8(b)])
        }
    }

    /// Appends the tokens of `text`, a piece of input between special tokens; `prefixSpace` adds the
    /// leading space of the model's `add_space_prefix` rule.
    func encode(_ text: ArraySlice<UInt8>, prefixSpace: Bool, into output: inout [Int32]) {
        var escaped: [UInt8] = prefixSpace ? Self.spaceMarker : []
        escaped.reserveCapacity(text.count + text.count / 2)
        for b in text {
            if b == UInt8(ascii: " ") { escaped += Self.spaceMarker } else { escaped.append(b) }
        }
        escaped.withUnsafeBufferPointer { encodeEscaped($0, into: &output) }
    }

    private func encodeEscaped(_ text: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        var symbols = SymbolChain(characterLengthsOf: text)
        for i in 1..<max(symbols.count, 1) { queuePair(i - 1, i, text, &symbols) }

        while let pair = symbols.queue.pop() {
            let l = Int(pair.left), r = Int(pair.right)
            // Stale when either side was merged away or has grown since the pair was queued.
            guard symbols.lengths[l] > 0, symbols.lengths[r] > 0,
                  symbols.lengths[l] + symbols.lengths[r] == Int(pair.size) else { continue }
            symbols.lengths[l] += symbols.lengths[r]
            symbols.lengths[r] = 0
            symbols.next[l] = symbols.next[r]
            if symbols.next[r] >= 0 { symbols.prev[symbols.next[r]] = l }
            queuePair(symbols.prev[l], l, text, &symbols)
            queuePair(l, symbols.next[l], text, &symbols)
        }

        var i = symbols.count == 0 ? -1 : 0
        while i >= 0 {
            let piece = UnsafeBufferPointer(rebasing: text[symbols.starts[i]..<symbols.starts[i] + symbols.lengths[i]])
            if let token = texts.find(piece) {
                output.append(token)
            } else {
                for b in piece { if let token = byteTokens[Int(b)] { output.append(token) } }
            }
            i = symbols.next[i]
        }
    }

    /// Queues the merge of two neighbours when their concatenation is a token.
    private func queuePair(_ left: Int, _ right: Int, _ text: UnsafeBufferPointer<UInt8>, _ symbols: inout SymbolChain) {
        guard left >= 0, right >= 0 else { return }
        let size = symbols.lengths[left] + symbols.lengths[right]
        let start = symbols.starts[left]
        guard let token = texts.find(UnsafeBufferPointer(rebasing: text[start..<start + size])) else { return }
        symbols.queue.push(ScoredPair(score: scores[Int(token)], left: Int32(left), right: Int32(right), size: Int32(size)))
    }
}

/// Symbols as byte ranges of the escaped text, one per UTF-8 character to start with, in a linked list;
/// a merged-away symbol has length 0.
private struct SymbolChain {
    var starts: [Int] = [], lengths: [Int] = [], prev: [Int] = [], next: [Int] = []
    var queue = MergeQueue<ScoredPair>()

    var count: Int { starts.count }

    init(characterLengthsOf text: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < text.count {
            let n = min(max(UTF8Scalars.sequenceLength(lead: text[offset]), 1), text.count - offset)
            starts.append(offset)
            lengths.append(n)
            prev.append(starts.count - 2)
            offset += n
            next.append(offset == text.count ? -1 : starts.count)
        }
    }
}

/// A queued merge; higher token score first, then the leftmost.
private struct ScoredPair: MergeCandidate {
    var score: Float, left: Int32, right: Int32, size: Int32

    func precedes(_ other: ScoredPair) -> Bool {
        score > other.score || (score == other.score && left < other.left)
    }
}
