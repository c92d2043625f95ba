/// Decompresses raw deflate data (RFC 1951: stored, fixed-Huffman and dynamic-Huffman blocks),
/// as found in zip members, without zlib.
///
/// Output is streamed: it is produced into a 4 MiB buffer and handed to `sink` whenever the
/// buffer fills, keeping the last 32 KiB (the largest distance a back-reference may reach), so
/// a member of any size decompresses in bounded memory. Every bit read is checked against the
/// input's end, so corrupt or truncated data throws an `InflateError` with its byte offset.
public enum Inflate {
    public struct Summary: Equatable, Sendable {
        /// Compressed bytes used, up to the end of the final block's last whole byte.
        public var inputCount: Int
        public var outputCount: Int
    }

    /// Decompresses `input`, passing output to `sink` in order in chunks of up to 4 MiB.
    /// Throws `InflateError` for bad data or output beyond `maximumOutput` bytes (no byte
    /// past the limit reaches `sink`), and rethrows errors thrown by `sink`.
    @discardableResult
    public static func decompress(_ input: UnsafeRawBufferPointer, maximumOutput: Int,
                                  sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Summary {
        var decoder = InflateDecoder(input: input, maximumOutput: maximumOutput)
        defer { decoder.deallocate() }
        return try decoder.run(sink: sink)
    }

    /// Decompresses into memory; for small inputs and tests.
    public static func decompress(_ input: [UInt8], maximumOutput: Int = 1 << 28) throws -> [UInt8] {
        var output: [UInt8] = []
        _ = try input.withUnsafeBytes { raw in
            try decompress(raw, maximumOutput: maximumOutput) { output.append(contentsOf: $0) }
        }
        return output
    }
}

/// The decoder's state; a struct used as a local variable so the hot loop touches no class
/// properties (no dynamic exclusivity checks).
struct InflateDecoder {
    // MARK: Input bits

    private let input: UnsafePointer<UInt8>?
    private let inputCount: Int
    /// Next input byte not yet in `bitBuffer`.
    private var position = 0
    /// Unconsumed input bits, least significant first; the low `bitCount` are valid.
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    // MARK: Output window

    /// 32 KiB: the farthest a deflate back-reference reaches.
    static let windowSize = 32_768
    /// 4 MiB of output per sink call keeps the per-call overhead negligible.
    static let bufferSize = 4 << 20
    /// A match adds at most 258 bytes; room is made before each symbol.
    static let maximumMatch = 258

    private let out: UnsafeMutablePointer<UInt8>
    /// Next output byte to write in `out`.
    private var pos = 0
    /// Bytes of `out` before this index were already passed to the sink.
    private var flushed = 0
    /// The output offset of `out[0]`.
    private var outputBase = 0
    private let maximumOutput: Int

    init(input: UnsafeRawBufferPointer, maximumOutput: Int) {
        self.input = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        inputCount = input.count
        self.maximumOutput = maximumOutput
        out = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.bufferSize)
    }

    func deallocate() { out.deallocate() }

    /// The offset of the next unread input bit's byte, for error messages.
    private var bytePosition: Int { position - bitCount / 8 }

    private func error(_ reason: InflateError.Reason) -> InflateError {
        InflateError(reason, offset: bytePosition)
    }

    // MARK: Blocks

    mutating func run(sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Inflate.Summary {
        var isFinal = false
        while !isFinal {
            refill()
            isFinal = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock(sink: sink)
            case 1: try huffmanBlock(HuffmanTable.fixedLiteralLength, HuffmanTable.fixedDistance, sink: sink)
            case 2:
                let (literalLength, distance) = try dynamicTables()
                try huffmanBlock(literalLength, distance, sink: sink)
            case let type: throw InflateError(.invalidBlockType(type), offset: bytePosition)
            }
        }
        try flush(sink: sink)
        return Inflate.Summary(inputCount: position - bitCount / 8, outputCount: outputBase + pos)
    }

    private mutating func storedBlock(sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        _ = try bits(bitCount % 8)
        let length = try bits(16)
        let complement = try bits(16)
        guard length == ~complement & 0xffff else {
            throw error(.storedLengthMismatch(length: length, complement: complement))
        }
        // Go back to whole input bytes: bits read ahead are whole bytes now.
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
        guard let input, inputCount - position >= length else {
            position = inputCount
            throw error(.truncated)
        }
        var remaining = length
        while remaining > 0 {
            if pos == Self.bufferSize { try makeRoom(sink: sink) }
            let take = min(remaining, Self.bufferSize - pos)
            (out + pos).update(from: input + position, count: take)
            pos += take
            position += take
            remaining -= take
        }
        try checkLimit()
    }

    /// Reads a dynamic block's header: the code-length code, then the literal/length and
    /// distance code lengths it encodes.
    private mutating func dynamicTables() throws -> (HuffmanTable, HuffmanTable) {
        refill()
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw error(.tooManySymbols(literalLengths: literalCount, distances: distanceCount))
        }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount {
            refill()
            codeLengthLengths[order[i]] = UInt8(try bits(3))
        }
        guard let codeLengthTable = HuffmanTable(lengths: codeLengthLengths) else {
            throw error(.overSubscribedCode(table: "code-length"))
        }

        var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
        var index = 0
        while index < lengths.count {
            refill()
            let symbol = try decode(codeLengthTable, name: "code-length")
            var repeatCount = 0
            var value: UInt8 = 0
            switch symbol {
            case 0...15:
                lengths[index] = UInt8(symbol)
                index += 1
                continue
            case 16:
                guard index > 0 else { throw error(.invalidRepeat("repeat of the previous length at the start")) }
                value = lengths[index - 1]
                repeatCount = 3 + (try bits(2))
            case 17: repeatCount = 3 + (try bits(3))
            default: repeatCount = 11 + (try bits(7))
            }
            guard index + repeatCount <= lengths.count else {
                throw error(.invalidRepeat("\(repeatCount) lengths from #\(index) run past the \(lengths.count) codes"))
            }
            for _ in 0..<repeatCount {
                lengths[index] = value
                index += 1
            }
        }
        guard lengths[256] != 0 else { throw error(.missingEndOfBlockCode) }
        guard let literalLength = HuffmanTable(lengths: Array(lengths[0..<literalCount])) else {
            throw error(.overSubscribedCode(table: "literal/length"))
        }
        guard let distance = HuffmanTable(lengths: Array(lengths[literalCount...])) else {
            throw error(.overSubscribedCode(table: "distance"))
        }
        return (literalLength, distance)
    }

    // Base values and extra-bit counts for length symbols 257...285 and distance symbols 0...29.
    private static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// Decodes literals and matches until the end-of-block symbol.
    private mutating func huffmanBlock(_ literalLength: HuffmanTable, _ distance: HuffmanTable,
                                       sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        // Local copies: a static array read in the loop would check its lazy initialisation each time.
        let lengthBase = Self.lengthBase, lengthExtra = Self.lengthExtra
        let distanceBase = Self.distanceBase, distanceExtra = Self.distanceExtra
        while true {
            if pos + Self.maximumMatch > Self.bufferSize { try makeRoom(sink: sink) }
            refill()
            let symbol = try decode(literalLength, name: "literal/length")
            if symbol < 256 {
                out[pos] = UInt8(truncatingIfNeeded: symbol)
                pos += 1
                continue
            }
            if symbol == 256 { break }
            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw error(.invalidSymbol(table: "literal/length", symbol: symbol)) }
            let length = lengthBase[lengthIndex] + (try bits(lengthExtra[lengthIndex]))

            refill()
            let distanceSymbol = try decode(distance, name: "distance")
            guard distanceSymbol < 30 else { throw error(.invalidSymbol(table: "distance", symbol: distanceSymbol)) }
            let back = distanceBase[distanceSymbol] + (try bits(distanceExtra[distanceSymbol]))
            guard back <= outputBase + pos else {
                throw error(.distanceTooFarBack(distance: back, available: outputBase + pos))
            }
            // Forward byte copy: overlapping matches (distance < length) repeat recent output.
            let source = out + (pos - back)
            let target = out + pos
            for i in 0..<length { target[i] = source[i] }
            pos += length
        }
        try checkLimit()
    }

    // MARK: Bits

    /// Tops `bitBuffer` up to at least 56 valid bits, or with every remaining input byte.
    @inline(__always)
    private mutating func refill() {
        guard bitCount < 48, let input else { return }
        if position + 8 <= inputCount {
            // Branch-free refill: load 8 bytes, keep whole bytes that fit (bits above bitCount
            // are rewritten with the same values by the next load).
            let word = UInt64(littleEndian: UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self))
            bitBuffer |= word << UInt64(bitCount)
            position += (63 - bitCount) >> 3
            bitCount |= 56
        } else {
            while bitCount <= 56, position < inputCount {
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            }
        }
    }

    /// Takes `count` (0...16) bits, least significant first.
    @inline(__always)
    private mutating func bits(_ count: Int) throws -> Int {
        if bitCount < count {
            refill()
            guard bitCount >= count else { throw error(.truncated) }
        }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    @inline(__always)
    private mutating func decode(_ table: HuffmanTable, name: String) throws -> Int {
        let entry = table.fast[Int(bitBuffer & HuffmanTable.fastMask)]
        let length = Int(entry & 0xff)
        if length != 0, length <= bitCount {
            bitBuffer >>= UInt64(length)
            bitCount -= length
            return Int(entry >> 8)
        }
        guard let (symbol, codeLength) = table.slowDecode(bitBuffer, available: bitCount) else {
            throw error(.invalidCode(table: name))
        }
        guard codeLength <= bitCount else { throw error(.truncated) }
        bitBuffer >>= UInt64(codeLength)
        bitCount -= codeLength
        return symbol
    }

    // MARK: Output

    private func checkLimit() throws {
        if outputBase + pos > maximumOutput { throw error(.outputLimitExceeded(limit: maximumOutput)) }
    }

    private mutating func flush(sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try checkLimit()
        if pos > flushed { try sink(UnsafeRawBufferPointer(start: out + flushed, count: pos - flushed)) }
        flushed = pos
    }

    /// Hands the buffer to the sink and keeps only the last window's worth of output.
    private mutating func makeRoom(sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try flush(sink: sink)
        let keep = min(pos, Self.windowSize)
        out.update(from: out + (pos - keep), count: keep)
        outputBase += pos - keep
        pos = keep
        flushed = keep
    }
}
