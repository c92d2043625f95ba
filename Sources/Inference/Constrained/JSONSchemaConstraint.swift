/// Allows only tokens that keep the generated text a prefix of a JSON document valid for a schema, and
/// the end of generation only once the document is complete.
///
/// A value: the generator copies it per call, and a copy is a recognizer (a small stack) plus two
/// references. Each `accept` works out which first bytes can come next, so most tokens are refused by one
/// table look-up, and in places where few bytes fit (after `{`, between values) only the tokens starting
/// with them are offered as candidates.
public struct JSONSchemaConstraint: TokenConstraint {
    public let tokens: TokenByteTable
    public private(set) var recognizer: JSONRecognizer
    /// Bytes of output accepted so far.
    public private(set) var length = 0
    public private(set) var isComplete: Bool
    public private(set) var candidates: [Int32]?
    private var nextBytes: ByteSet

    /// Offer a candidate list when the possible first bytes cover fewer than this share of the vocabulary;
    /// above it, testing first bytes while scanning the logits is cheaper than building the list.
    static let candidateListShare = 8

    public init(grammar: JSONSchemaGrammar, tokens: TokenByteTable) {
        self.tokens = tokens
        recognizer = JSONRecognizer(grammar: grammar)
        isComplete = false
        candidates = nil
        nextBytes = ByteSet()
        refresh()
    }

    public var mustEnd: Bool { isComplete && nextBytes.isEmpty }

    @inline(__always)
    public func allows(_ token: Int32) -> Bool {
        if tokens.isEndOfGeneration(token) { return isComplete }
        guard let first = tokens.firstByte(token), nextBytes.contains(first) else { return false }
        return tokens.withBytes(token) { recognizer.accepts($0) }
    }

    public mutating func accept(_ token: Int32) throws {
        if tokens.isEndOfGeneration(token) {
            guard isComplete else { throw rejection(token) }
            return
        }
        let bytes = tokens.bytes(token)
        var next = recognizer
        guard !bytes.isEmpty, next.feed(bytes) == nil else { throw rejection(token) }
        recognizer = next
        length += bytes.count
        refresh()
    }

    private func rejection(_ token: Int32) -> TokenConstraintError {
        .tokenNotAllowed(id: token, text: String(decoding: tokens.bytes(token), as: UTF8.self), afterBytes: length)
    }

    private mutating func refresh() {
        nextBytes = recognizer.acceptedBytes
        isComplete = recognizer.isComplete
        let members = nextBytes.members
        let listed = members.reduce(0) { $0 + tokens.byFirstByte[Int($1)].count }
        if listed * Self.candidateListShare < tokens.count {
            var ids: [Int32] = []
            ids.reserveCapacity(listed + 2)
            for b in members { ids += tokens.byFirstByte[Int(b)] }
            if isComplete { ids += tokens.endOfGenerationIDs }
            candidates = ids
        } else {
            candidates = nil
        }
    }
}
