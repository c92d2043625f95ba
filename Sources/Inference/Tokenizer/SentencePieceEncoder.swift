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
        // Symbols are byte ranges of `text`, one per UTF-8 character to start with, chained as a linked list.
        var starts: [Int] = [], lengths: [Int] = [], prev: [Int] = [], next: [Int] = []
        var offset = 0
        while offset < text.count {
            let n = min(max(UTF8Scalars.sequenceLength(lead: text[offset]), 1), text.count - offset)
            starts.append(offset)
            lengths.append(n)
            prev.append(starts.count - 2)
            offset += n
            next.append(offset == text.count ? -1 : starts.count)
        }

        var queue = MergeQueue<ScoredPair>()
        func queuePair(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0 else { return }
            let size = lengths[left] + lengths[right]
            let piece = UnsafeBufferPointer(rebasing: text[starts[left]..<starts[left] + size])
            guard let token = texts.find(piece) else { return }
            queue.push(ScoredPair(score: scores[Int(token)], left: Int32(left), right: Int32(right), size: Int32(size)))
        }
        for i in 1..<max(starts.count, 1) { queuePair(i - 1, i) }

        while let pair = queue.pop() {
            let l = Int(pair.left), r = Int(pair.right)
            // Stale when either side was merged away or has grown since the pair was queued.
            guard lengths[l] > 0, lengths[r] > 0, lengths[l] + lengths[r] == Int(pair.size) else { continue }
            lengths[l] += lengths[r]
            lengths[r] = 0
            next[l] = next[r]
            if next[r] >= 0 { prev[next[r]] = l }
            queuePair(prev[l], l)
            queuePair(l, next[l])
        }

        var i = starts.isEmpty ? -1 : 0
        while i >= 0 {
            let piece = UnsafeBufferPointer(rebasing: text[starts[i]..<starts[i] + lengths[i]])
            if let token = texts.find(piece) {
                output.append(token)
            } else {
                for b in piece { if let token = byteTokens[Int(b)] { output.append(token) } }
            }
            i = next[i]
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
