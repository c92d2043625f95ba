/// Why a context or continuation cannot be scored.
public enum ContinuationScoringError: Error, Equatable, CustomStringConvertible {
    /// The continuation text produced no tokens.
    case emptyContinuation(String)
    /// Scoring needs a context of at least one token (the first continuation token is predicted from it).
    case emptyContext
    /// The context plus the longest continuation needs more positions than the session holds.
    case contextTooLong(contextTokens: Int, continuationTokens: Int, capacity: Int)

    public var description: String {
        switch self {
        case .emptyContinuation(let text):
            return "continuation \(String(reflecting: text)) has no tokens to score"
        case .emptyContext:
            return "the context has no tokens; scoring predicts the first continuation token from it"
        case .contextTooLong(let context, let continuation, let capacity):
            return "prompt of \(context) tokens plus a continuation of \(continuation) needs \(context + continuation - 1) "
                + "positions but the context holds \(capacity); use a longer context or fewer exemplars"
        }
    }
}
