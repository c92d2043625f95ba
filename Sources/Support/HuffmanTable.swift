/// A canonical Huffman code (RFC 1951 §3.2.2) prepared for decoding.
///
/// Codes up to `fastBits` long are found with one look-up of the next `fastBits` input bits;
/// longer ones (rare symbols) are decoded bit by bit from the per-length counts, as zlib's
/// `puff.c` does.
struct HuffmanTable {
    /// 10 bits: a 1024-entry table covers nearly every code in practice and stays in L1.
    static let fastBits = 10
    static let fastMask: UInt64 = (1 << 10) - 1

    /// Indexed by the next `fastBits` input bits: symbol << 8 | code length; 0 when the code
    /// is longer than `fastBits` or no code starts with those bits.
    var fast: [UInt32]
    /// counts[n]: how many codes have length n (1...15).
    var counts: [UInt16]
    /// Symbols ordered by code length, then by symbol: the canonical order.
    var symbols: [UInt16]

    /// Builds the table from per-symbol code lengths (0 = symbol unused). Incomplete codes are
    /// accepted (RFC 1951 allows a single distance code); bits that match no code are reported
    /// when decoded. Returns nil for an over-subscribed code.
    init?(lengths: [UInt8]) {
        var counts = [UInt16](repeating: 0, count: 16)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0

        var left = 1
        for length in 1...15 {
            left = left << 1 - Int(counts[length])
            if left < 0 { return nil }
        }

        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + Int(counts[length]) }
        var symbols = [UInt16](repeating: 0, count: lengths.count)
        // The first code of each length, as in RFC 1951's `next_code` (counts[0] is 0).
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + Int(counts[length - 1])) << 1
            nextCode[length] = code
        }

        var fast = [UInt32](repeating: 0, count: 1 << Self.fastBits)
        for (symbol, rawLength) in lengths.enumerated() where rawLength != 0 {
            let length = Int(rawLength)
            symbols[offsets[length]] = UInt16(symbol)
            offsets[length] += 1
            let assigned = nextCode[length]
            nextCode[length] += 1
            guard length <= Self.fastBits else { continue }
            // Codes are sent most significant bit first, input bits are read least significant
            // first: index the table by the reversed code, in every slot of the unused high bits.
            var reversed = 0
            for bit in 0..<length where assigned & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            let entry = UInt32(symbol) << 8 | UInt32(length)
            var slot = reversed
            while slot < fast.count {
                fast[slot] = entry
                slot += 1 << length
            }
        }
        self.fast = fast
        self.counts = counts
        self.symbols = symbols
    }

    /// Decodes a code longer than `fastBits` (or one missing from the fast table) from `bits`,
    /// of which `available` are valid. Returns (symbol, length), or nil for no code; a length
    /// greater than `available` means the input ended inside the code.
    func slowDecode(_ bits: UInt64, available: Int) -> (symbol: Int, length: Int)? {
        var code = 0, first = 0, index = 0
        for length in 1...15 {
            code |= Int((bits >> UInt64(length - 1)) & 1)
            let count = Int(counts[length])
            if code - first < count {
                if length > available { return (0, length) }
                return (Int(symbols[index + code - first]), length)
            }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        return nil
    }

    // MARK: Fixed codes (RFC 1951 §3.2.6)

    static let fixedLiteralLength: HuffmanTable = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        // Complete by construction, so the initializer cannot fail.
        return HuffmanTable(lengths: lengths) ?? HuffmanTable(uncheckedEmpty: ())
    }()

    static let fixedDistance: HuffmanTable = {
        HuffmanTable(lengths: [UInt8](repeating: 5, count: 30)) ?? HuffmanTable(uncheckedEmpty: ())
    }()

    /// A table with no codes; every decode fails. Only a fallback that is never reached.
    private init(uncheckedEmpty: ()) {
        fast = [UInt32](repeating: 0, count: 1 << Self.fastBits)
        counts = [UInt16](repeating: 0, count: 16)
        symbols = []
    }
}
