/// One continuation's score after a context.
public struct ContinuationLikelihood: Equatable, Sendable {
    /// The scored tokens.
    public let tokens: [Int32]
    /// log p of each token given the context and the tokens before it.
    public let tokenLogProbabilities: [Double]
    /// Whether every token was the model's greedy choice (lm-evaluation-harness's `is_greedy`).
    public let isGreedy: Bool

    /// The summed log-probability of the continuation.
    public var logLikelihood: Double { tokenLogProbabilities.reduce(0, +) }
}

/// Scores continuations of a context on one `InferenceSession`: log-likelihoods of whole
/// continuations (exam mode a) and the next-token distribution (mode b).
///
/// The context is evaluated once and stays in the KV cache: each continuation is evaluated after it,
/// then cut off again with `truncate(to:)`. A continuation's last token needs no forward pass (no
/// token is predicted after it), so a one-token continuation costs nothing beyond the context.
/// Not thread-safe, like the session: one caller at a time.
public final class ContinuationScorer {
    /// Whether a context may start from positions an earlier call left in the cache.
    public enum PrefixReuse: String, Sendable {
        /// Every call evaluates its context from position 0, in the same micro-batches, so a call's
        /// numbers are bit-identical whatever was scored before it.
        case withinCall
        /// A call keeps the longest prefix the cache already holds (the subject header and few-shot
        /// exemplars shared by consecutive items). Bit-exact when the session's `batchCapacity` is under
        /// 64 (`Attention.tileLength`): every row then takes the attention kernel's vector path, whatever
        /// the split. With larger micro-batches the kept positions may have run on the tiled path, whose
        /// rounding differs (as ggml's), and SmolLM2's sums moved by up to 0.9 with what came before.
        case acrossCalls
    }

    public let session: InferenceSession
    public let prefixReuse: PrefixReuse
    /// Positions the cache already held when a context was asked for (work saved), and positions run
    /// through the model, since this scorer was made; a benchmark reads them.
    public private(set) var reusedPositions = 0
    public private(set) var evaluatedPositions = 0

    public init(session: InferenceSession, prefixReuse: PrefixReuse = .withinCall) {
        self.session = session
        self.prefixReuse = prefixReuse
    }

    public convenience init(model: TransformerModel, threads: Int, contextLength: Int? = nil,
                            prefixReuse: PrefixReuse = .withinCall) {
        self.init(session: InferenceSession(model: model, contextLength: contextLength, threads: threads),
                  prefixReuse: prefixReuse)
    }

    // MARK: Mode (b): the next-token distribution

    /// The distribution of the token after `context` (reusing the cached prefix per `prefixReuse`).
    public func nextToken(after context: [Int32]) throws -> LogSoftmax {
        guard !context.isEmpty else { throw ContinuationScoringError.emptyContext }
        guard context.count <= session.contextLength else {
            throw ContinuationScoringError.contextTooLong(contextTokens: context.count, continuationTokens: 1,
                                                          capacity: session.contextLength)
        }
        let common = prefixReuse == .acrossCalls ? zip(session.tokens, context).prefix { $0 == $1 }.count : 0
        // At least the context's last token is run again: its logits are not kept between calls.
        let keep = min(common, context.count - 1)
        session.truncate(to: keep)
        reusedPositions += keep
        evaluatedPositions += context.count - keep
        return LogSoftmax(logits: try session.evaluate(Array(context[keep...]), logits: .last))
    }

    /// log p of each of `candidates` as the token after `context`.
    public func nextTokenLogProbabilities(after context: [Int32], candidates: [Int32]) throws -> [Double] {
        try nextToken(after: context).logProbabilities(candidates)
    }

    // MARK: Mode (a): log-likelihoods of continuations

    /// The log-likelihood of each continuation after `context`, in order.
    /// - Throws: `ContinuationScoringError` for an empty context or continuation, or when the context
    ///   plus the longest continuation does not fit the session (checked before any evaluation).
    public func logLikelihoods(context: [Int32], continuations: [[Int32]]) throws -> [ContinuationLikelihood] {
        guard !context.isEmpty else { throw ContinuationScoringError.emptyContext }
        if continuations.contains(where: \.isEmpty) { throw ContinuationScoringError.emptyContinuation("") }
        let longest = continuations.map(\.count).max() ?? 0
        if context.count + longest - 1 > session.contextLength {
            throw ContinuationScoringError.contextTooLong(contextTokens: context.count, continuationTokens: longest,
                                                          capacity: session.contextLength)
        }
        let first = try nextToken(after: context)
        var results: [ContinuationLikelihood] = []
        for continuation in continuations {
            var logProbabilities = [first.logProbability(continuation[0])]
            var greedy = first.argmax == continuation[0]
            if continuation.count > 1 {
                session.truncate(to: context.count)
                let inputs = Array(continuation.dropLast())
                try session.evaluate(inputs, logits: .all)
                evaluatedPositions += inputs.count
                let vocabulary = session.model.config.vocabularySize
                for row in 0..<inputs.count {
                    let distribution = LogSoftmax(logits: session.logits[(row * vocabulary)..<((row + 1) * vocabulary)])
                    let next = continuation[row + 1]
                    logProbabilities.append(distribution.logProbability(next))
                    greedy = greedy && distribution.argmax == next
                }
            }
            results.append(ContinuationLikelihood(tokens: continuation, tokenLogProbabilities: logProbabilities, isGreedy: greedy))
        }
        session.truncate(to: context.count)
        return results
    }

    /// `logLikelihoods` on text, each continuation tokenized after `context` as lm-evaluation-harness does
    /// (`Tokenizer.scoringTokens`). The context's tokens are the same for every continuation: they come
    /// from the context alone.
    public func logLikelihoods(context: String, continuations: [String], tokenizer: Tokenizer) throws
        -> (context: [Int32], continuations: [ScoringTokens], scores: [ContinuationLikelihood]) {
        let pairs = try continuations.map { try tokenizer.scoringTokens(context: context, continuation: $0) }
        // The harness's trailing-space move makes every pair's context the same, so the first serves all.
        guard let contextIDs = pairs.first?.context else { return (tokenizer.encodeForScoring(context), [], []) }
        let scores = try logLikelihoods(context: contextIDs, continuations: pairs.map(\.continuation))
        return (contextIDs, pairs, scores)
    }
}
