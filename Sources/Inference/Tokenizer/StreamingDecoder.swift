/// Decodes tokens one at a time for display during generation: each `append` returns only complete UTF-8 text,
/// holding back the start of a multi-byte character until its last byte arrives (an emoji or CJK character is
/// often split across tokens). The concatenated output equals `Tokenizer.decode` of all the ids.
public struct StreamingDecoder {
    private let tokenizer: Tokenizer
    private let includeSpecial: Bool
    private var pending: [UInt8] = []
    private var isFirst = true

    public init(tokenizer: Tokenizer, includeSpecial: Bool = false) {
        self.tokenizer = tokenizer
        self.includeSpecial = includeSpecial
    }

    /// The text that token `id` completes; empty while a character is still incomplete.
    public mutating func append(_ id: Int32) -> String {
        pending += tokenizer.renderedPiece(id, includeSpecial: includeSpecial, isFirst: isFirst)
        isFirst = false
        let cut = Self.completePrefixLength(pending)
        guard cut > 0 else { return "" }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Whatever is still held, with an unfinished character as U+FFFD; the decoder is then empty.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing character that is valid so far but unfinished.
    /// Cutting there changes nothing in the decoded result: what precedes a valid prefix decodes the same
    /// whatever follows it.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        // A UTF-8 character is at most 4 bytes, so its lead byte is among the last 3 of an unfinished one.
        var lead = bytes.count - 1
        while lead >= 0 && lead >= bytes.count - 3 && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        guard lead >= 0 else { return bytes.count }
        let needed = UTF8Scalars.sequenceLength(lead: bytes[lead])
        let have = bytes.count - lead
        guard needed > have, isValidPrefix(bytes[lead...]) else { return bytes.count }
        return lead
    }

    /// Whether the bytes can begin a well-formed UTF-8 character (no overlong forms, surrogates or > U+10FFFF).
    private static func isValidPrefix(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        let secondRange: ClosedRange<UInt8>
        switch first {
        case 0xC2...0xDF, 0xE1...0xEC, 0xEE...0xEF, 0xF1...0xF3: secondRange = 0x80...0xBF
        case 0xE0: secondRange = 0xA0...0xBF
        case 0xED: secondRange = 0x80...0x9F
        case 0xF0: secondRange = 0x90...0xBF
        case 0xF4: secondRange = 0x80...0x8F
        default: return false
        }
        for (offset, b) in bytes.dropFirst().enumerated() {
            if offset == 0 ? !secondRange.contains(b) : b & 0xC0 != 0x80 { return false }
        }
        return true
    }
}
