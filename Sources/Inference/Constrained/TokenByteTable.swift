/// Every token's bytes as they appear in generated text, stored back to back, with the tokens grouped by
/// first byte: what a constraint tests candidate tokens against. Built once per tokenizer (a few
/// milliseconds for 50k tokens) and shared by every constraint on it.
public final class TokenByteTable: @unchecked Sendable {
    /// All token bytes back to back; token i is `storage[starts[i]..<starts[i + 1]]`.
    private let storage: [UInt8]
    private let starts: [Int32]
    /// Ids by the byte they start with; tokens without bytes (control tokens) are in no bucket.
    let byFirstByte: [[Int32]]
    /// Ids sorted by their first two bytes; the tokens starting with bytes a, b are
    /// `byPrefix[pairStarts[a * 257 + b + 1]..<pairStarts[a * 257 + b + 2]]`, and the one-byte token a is at
    /// slot `a * 257`. Where a byte allows little after it (one whitespace byte), this finds the few tokens
    /// that can fit among the many that start with it.
    private let byPrefix: [Int32]
    private let pairStarts: [Int32]
    private let endOfGeneration: [Bool]
    public let endOfGenerationIDs: [Int32]

    public init(tokenizer: Tokenizer) {
        let count = tokenizer.vocabularySize
        var storage: [UInt8] = []
        storage.reserveCapacity(count * 6)
        var starts: [Int32] = [0]
        starts.reserveCapacity(count + 1)
        var buckets = [[Int32]](repeating: [], count: 256)
        var eog = [Bool](repeating: false, count: count)
        for i in 0..<count {
            let id = Int32(i)
            eog[i] = tokenizer.isEndOfGeneration(id)
            // Not the first piece: a leading space SentencePiece drops there is whitespace the grammar allows.
            let piece = eog[i] ? [] : tokenizer.renderedPiece(id, includeSpecial: false, isFirst: false)
            if let first = piece.first { buckets[Int(first)].append(id) }
            storage += piece
            starts.append(Int32(storage.count))
        }
        self.storage = storage
        self.starts = starts
        byFirstByte = buckets
        var slots = [[Int32]](repeating: [], count: 256 * 257)
        for i in 0..<count where starts[i + 1] > starts[i] {
            let a = Int(storage[Int(starts[i])])
            let b = starts[i + 1] - starts[i] > 1 ? Int(storage[Int(starts[i]) + 1]) + 1 : 0
            slots[a * 257 + b].append(Int32(i))
        }
        byPrefix = slots.flatMap { $0 }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(slots.count + 1)
        for slot in slots { offsets.append(offsets[offsets.count - 1] + Int32(slot.count)) }
        pairStarts = offsets
        endOfGeneration = eog
        endOfGenerationIDs = eog.indices.filter { eog[$0] }.map { Int32($0) }
    }

    public var count: Int { starts.count - 1 }

    /// The one-byte token `a`, if any.
    func singleByteTokens(_ a: UInt8) -> ArraySlice<Int32> {
        let slot = Int(a) * 257
        return byPrefix[Int(pairStarts[slot])..<Int(pairStarts[slot + 1])]
    }

    /// The tokens of two bytes or more starting with `a`, `b`.
    func tokens(startingWith a: UInt8, _ b: UInt8) -> ArraySlice<Int32> {
        let slot = Int(a) * 257 + Int(b) + 1
        return byPrefix[Int(pairStarts[slot])..<Int(pairStarts[slot + 1])]
    }

    @inline(__always)
    public func isEndOfGeneration(_ id: Int32) -> Bool {
        Int(id) >= 0 && Int(id) < endOfGeneration.count && endOfGeneration[Int(id)]
    }

    /// The first byte of a token, or nil for tokens without bytes and ids outside the vocabulary.
    @inline(__always)
    public func firstByte(_ id: Int32) -> UInt8? {
        guard Int(id) >= 0 && Int(id) < count else { return nil }
        let start = Int(starts[Int(id)])
        return start < Int(starts[Int(id) + 1]) ? storage[start] : nil
    }

    public func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        guard Int(id) >= 0 && Int(id) < count else { return [] }
        return storage[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
    }

    /// Calls `body` with a token's bytes without copying them.
    @inline(__always)
    public func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard Int(id) >= 0 && Int(id) < count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = Int(starts[Int(id)]), end = Int(starts[Int(id) + 1])
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}
