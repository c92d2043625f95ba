/// Token ids for scoring a continuation after a context, split as lm-evaluation-harness splits them.
///
/// lm-evaluation-harness (`_encode_pair`, v0.4) moves trailing whitespace of the context onto the
/// continuation, tokenizes context + continuation together and the context alone, and takes as the
/// continuation the whole's tokens beyond the context's token count. Tokenizing the pair together
/// keeps the continuation's first token as the model would see it in running text (" Paris" as one
/// token, not " " + "Paris").
///
/// Where BPE merges across the boundary (the whole's first tokens are not the context's tokens), the
/// harness still takes that tail, which can drop or repeat bytes of the text. We instead keep the
/// context's tokens and tokenize the continuation alone, so the scored tokens always spell exactly
/// context + continuation, and mark the pair `.merged` so a run can count such items. With prompts
/// ending in "Answer:" and continuations starting with a space this does not happen for byte-level
/// BPE vocabularies (the pre-tokenizer splits before the space).
public struct ScoringTokens: Equatable, Sendable {
    public enum Boundary: String, Equatable, Sendable {
        /// The whole's tokens start with the context's tokens (the harness's tail is exact).
        case clean
        /// BPE merged across the boundary; the continuation was tokenized on its own.
        case merged
    }

    /// The context's tokens, with the model's BOS when it adds one.
    public let context: [Int32]
    /// The continuation's tokens; never empty.
    public let continuation: [Int32]
    public let boundary: Boundary
}

extension Tokenizer {
    /// `text` as a scoring prompt: the model's BOS rule, never an EOS (the continuation follows), and
    /// control-token text kept as plain text, since exam items are data, not markup.
    public func encodeForScoring(_ text: String) -> [Int32] {
        var ids = encode(text, addBOS: false, parseSpecial: false)
        if vocabulary.addBOS, let bos = vocabulary.special.bos { ids.insert(bos, at: 0) }
        return ids
    }

    /// The tokens of `continuation` after `context`, split as lm-evaluation-harness does (see `ScoringTokens`).
    /// - Throws: `ContinuationScoringError.emptyContinuation` when the continuation adds no token.
    public func scoringTokens(context: String, continuation: String) throws -> ScoringTokens {
        var context = Substring(context), continuation = continuation
        // Python's rstrip(): every trailing whitespace character, newlines included.
        let trailing = context.reversed().prefix { $0.isWhitespace }.count
        if trailing > 0 {
            continuation = String(context.suffix(trailing)) + continuation
            context = context.dropLast(trailing)
        }
        let contextIDs = encodeForScoring(String(context))
        let whole = encodeForScoring(String(context) + continuation)
        if whole.count > contextIDs.count, whole.starts(with: contextIDs) {
            return ScoringTokens(context: contextIDs, continuation: Array(whole[contextIDs.count...]), boundary: .clean)
        }
        let alone = encode(continuation, addBOS: false, parseSpecial: false)
        guard !alone.isEmpty else { throw ContinuationScoringError.emptyContinuation(continuation) }
        return ScoringTokens(context: contextIDs, continuation: alone, boundary: .merged)
    }
}
