/// Allows only tokens that keep the generated text a prefix of a JSON document valid for a schema, and
/// the end of generation only once the document is complete.
///
/// A value: the generator copies it per call, and a copy is a recognizer (a small stack) plus two
/// references. Each `accept` works out which first bytes can come next, so most tokens are refused by one
/// table look-up, and in places where few bytes fit (after `{`, between values) only the tokens starting
/// with them are offered as candidates.
///
/// Given a token budget (`begin(maxTokens:)`), a token is allowed only if the document can still be completed
/// within the tokens left, one byte per token at worst: a model looping inside a string is made to close it
/// in time, and the output is a valid document whenever the budget can hold the schema's shortest one.
public struct JSONSchemaConstraint: TokenConstraint {
    public let tokens: TokenByteTable
    public private(set) var recognizer: JSONRecognizer
    /// Bytes of output accepted so far.
    public private(set) var length = 0
    public private(set) var isComplete: Bool
    public private(set) var candidates: [Int32]?
    private var nextBytes: ByteSet
    /// Tokens accepted, and how many may be at most (nil: no budget is enforced).
    public private(set) var acceptedTokens = 0
    public private(set) var tokenBudget: Int?

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
        let left = tokenBudget.map { $0 - acceptedTokens - 1 } ?? .max
        return tokens.withBytes(token) { recognizer.accepts($0, within: left) }
    }

    /// Enforces the budget only when it can hold the shortest completion; otherwise no document fits anyway,
    /// and the output is kept valid as far as it goes.
    public mutating func begin(maxTokens: Int) {
        tokenBudget = recognizer.shortestCompletion <= maxTokens ? acceptedTokens + maxTokens : nil
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
        acceptedTokens += 1
        refresh()
    }

    private func rejection(_ token: Int32) -> TokenConstraintError {
        .tokenNotAllowed(id: token, text: String(decoding: tokens.bytes(token), as: UTF8.self), afterBytes: length)
    }

    private mutating func refresh() {
        nextBytes = recognizer.acceptedBytes
        isComplete = recognizer.isComplete
        candidates = candidateList()
    }

    /// The tokens whose first byte, and where that narrows things down the second byte, can come next; nil
    /// when they are a large share of the vocabulary (inside a string), where the sampler's scan is cheaper.
    private func candidateList() -> [Int32]? {
        let first = nextBytes.members
        let listed = first.reduce(0) { $0 + tokens.byFirstByte[Int($1)].count }
        var ids: [Int32] = []
        if listed * Self.candidateListShare < tokens.count {
            ids.reserveCapacity(listed + tokens.endOfGenerationIDs.count)
            for b in first { ids += tokens.byFirstByte[Int(b)] }
        } else if first.count <= Self.secondByteLimit {
            // Few first bytes but many tokens: typically whitespace, after which only a few bytes may follow.
            for a in first {
                var after = recognizer
                after.feed(a)
                let second = after.acceptedBytes.members
                ids += tokens.singleByteTokens(a)
                for b in second { ids += tokens.tokens(startingWith: a, b) }
                if ids.count * Self.candidateListShare >= tokens.count { return nil }
            }
        } else {
            return nil
        }
        if isComplete { ids += tokens.endOfGenerationIDs }
        return ids
    }

    /// Above this many possible first bytes, the second byte is not looked at (it costs a scan per byte).
    static let secondByteLimit = 16
}
