/// A raw deflate stream that cannot be decompressed: why, and the byte offset in the
/// compressed input where the problem was found.
public struct InflateError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// The input ended inside a block.
        case truncated
        case invalidBlockType(Int)
        /// A stored block's length and its complement disagree.
        case storedLengthMismatch(length: Int, complement: Int)
        case tooManySymbols(literalLengths: Int, distances: Int)
        /// A code-length repeat with no previous length, or one running past the table.
        case invalidRepeat(String)
        /// A Huffman code with more codes of some length than the length allows.
        case overSubscribedCode(table: String)
        case missingEndOfBlockCode
        /// A bit pattern that is no code of the table.
        case invalidCode(table: String)
        case invalidSymbol(table: String, symbol: Int)
        case distanceTooFarBack(distance: Int, available: Int)
        /// Decompressing would produce more than the caller allows.
        case outputLimitExceeded(limit: Int)
    }

    public var reason: Reason
    /// Byte offset into the compressed input.
    public var offset: Int

    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch reason {
        case .truncated: what = "compressed data ends in the middle of a block"
        case .invalidBlockType(let type): what = "invalid block type \(type)"
        case .storedLengthMismatch(let length, let complement):
            what = "stored block length \(length) does not match its complement \(complement)"
        case .tooManySymbols(let literalLengths, let distances):
            what = "too many symbols: \(literalLengths) literal/length codes (at most 286), \(distances) distance codes (at most 30)"
        case .invalidRepeat(let detail): what = "invalid code-length repeat: \(detail)"
        case .overSubscribedCode(let table): what = "over-subscribed \(table) code lengths"
        case .missingEndOfBlockCode: what = "the literal/length code has no end-of-block symbol"
        case .invalidCode(let table): what = "bits that are no \(table) code"
        case .invalidSymbol(let table, let symbol): what = "invalid \(table) symbol \(symbol)"
        case .distanceTooFarBack(let distance, let available):
            what = "back-reference distance \(distance) but only \(available) bytes were produced"
        case .outputLimitExceeded(let limit): what = "output exceeds the limit of \(limit) bytes"
        }
        return "deflate data at byte \(offset): \(what)"
    }
}
