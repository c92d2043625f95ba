/// Byte-level BPE as llama.cpp's `llm_tokenizer_bpe_session`: pre-tokenize into words, spell each byte of a word
/// as its GPT-2 character, then repeatedly merge the adjacent pair with the lowest merge rank (leftmost on ties).
///
/// Merges work on ids, not strings: every string a merge names or produces is interned once at load, so a
/// pair of symbol ids packs into one dictionary key whose value holds the rank and the merged symbol's id.
struct BytePairEncoder: Sendable {
    private let vocabularySize: Int
    /// Token texts (ids below `vocabularySize`) followed by merge strings that are not tokens.
    private let strings: ByteStringTable
    /// `left << 32 | right` to `rank << 32 | merged`.
    private let merges: [UInt64: UInt64]
    /// The symbol id of each byte's GPT-2 character.
    private let byteSymbols: [Int32]
    let preTokenizer: PreTokenizer

    init(vocabulary: Vocabulary, merges mergeList: [String], preTokenizer: PreTokenizer) throws {
        vocabularySize = vocabulary.count
        self.preTokenizer = preTokenizer
        var strings = vocabulary.texts
        var merges: [UInt64: UInt64] = [:]
        merges.reserveCapacity(mergeList.count)
        let space = UInt8(ascii: " ")
        for (rank, merge) in mergeList.enumerated() {
            let bytes = Array(merge.utf8)
            // Split at the first space after the first byte, as llama.cpp does; a merge without one never applies.
            guard bytes.count > 1, let cut = bytes[1...].firstIndex(of: space) else { continue }
            let left = strings.intern(Array(bytes[..<cut])).id
            let right = strings.intern(Array(bytes[(cut + 1)...])).id
            let merged = strings.intern(Array(bytes[..<cut]) + Array(bytes[(cut + 1)...])).id
            let key = UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
            if merges[key] == nil {  // the first (lowest) rank of a repeated pair wins
                merges[key] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged))
            }
        }
        byteSymbols = ByteLevelMapping.encodedByte.map { strings.intern($0).id }
        self.strings = strings
        self.merges = merges
    }

    /// Appends the tokens of `text`, a piece of input between special tokens.
    func encode(_ text: ArraySlice<UInt8>, into output: inout [Int32]) {
        let (scalars, offsets) = UTF8Scalars.decode(text)
        let words = preTokenizer.split(scalars)
        var state = MergeState()
        var scalarStart = 0
        for length in words {
            let range = offsets[scalarStart]..<offsets[scalarStart + length]
            scalarStart += length
            encodeWord(text[range], &state, into: &output)
        }
    }

    private func encodeWord(_ word: ArraySlice<UInt8>, _ state: inout MergeState, into output: inout [Int32]) {
        if preTokenizer.ignoresMerges {
            var spelled: [UInt8] = []
            for b in word { spelled += ByteLevelMapping.encodedByte[Int(b)] }
            if let id = strings.find(spelled), Int(id) < vocabularySize {
                output.append(id)
                return
            }
        }
        state.reset(word.map { byteSymbols[Int($0)] })
        for i in 1..<max(state.ids.count, 1) { queuePair(i - 1, i, &state) }

        while let pair = state.queue.pop() {
            let l = Int(pair.left), r = Int(pair.right)
            // Stale when either side has been merged since the pair was queued.
            guard state.alive[l], state.alive[r], state.ids[l] == pair.leftID, state.ids[r] == pair.rightID else { continue }
            state.ids[l] = pair.merged
            state.alive[r] = false
            state.next[l] = state.next[r]
            if state.next[r] >= 0 { state.prev[Int(state.next[r])] = Int32(l) }
            queuePair(Int(state.prev[l]), l, &state)
            queuePair(l, Int(state.next[l]), &state)
        }

        var i = 0
        while i >= 0 && i < state.ids.count {
            emit(state.ids[i], into: &output)
            i = Int(state.next[i])
        }
    }

    private func queuePair(_ left: Int, _ right: Int, _ state: inout MergeState) {
        guard left >= 0, right >= 0 else { return }
        let l = state.ids[left], r = state.ids[right]
        let key = UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r))
        guard let value = merges[key] else { return }
        state.queue.push(RankedPair(rank: Int32(truncatingIfNeeded: value >> 32), left: Int32(left), right: Int32(right),
                                    leftID: l, rightID: r, merged: Int32(truncatingIfNeeded: value & 0xFFFF_FFFF)))
    }

    /// A finished symbol is a token, or (when merges built a string the vocabulary lacks) its bytes one by one,
    /// each emitted only if that single byte is a token, as llama.cpp does.
    private func emit(_ symbol: Int32, into output: inout [Int32]) {
        if Int(symbol) < vocabularySize {
            output.append(symbol)
            return
        }
        for b in strings.bytes(symbol) {
            if let id = strings.find([b]), Int(id) < vocabularySize { output.append(id) }
        }
    }
}

/// A queued merge of the symbols at `left` and `right`, valid while they still hold `leftID` and `rightID`.
private struct RankedPair: MergeCandidate {
    var rank: Int32, left: Int32, right: Int32
    var leftID: Int32, rightID: Int32, merged: Int32

    func precedes(_ other: RankedPair) -> Bool {
        rank < other.rank || (rank == other.rank && left < other.left)
    }
}

/// The symbols of the word being merged, as a linked list over arrays reused from word to word.
private struct MergeState {
    var ids: [Int32] = []
    var prev: [Int32] = []
    var next: [Int32] = []
    var alive: [Bool] = []
    var queue = MergeQueue<RankedPair>()

    mutating func reset(_ symbols: [Int32]) {
        ids = symbols
        let n = symbols.count
        prev.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        alive.removeAll(keepingCapacity: true)
        for i in 0..<n {
            prev.append(Int32(i - 1))
            next.append(i + 1 < n ? Int32(i + 1) : -1)
            alive.append(true)
        }
        queue.removeAll()
    }
}
