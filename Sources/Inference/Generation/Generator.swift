/// Why generation ended.
public enum StopReason: String, Codable, Sendable {
    case endOfGeneration = "eog"
    case maxTokens = "max_tokens"
    case stopString = "stop_string"
    case cancelled
    case contextFull = "context_full"
}

/// Wall-clock accounting of one generation.
public struct GenerationTimings: Codable, Equatable, Sendable {
    public var promptTokens: Int
    /// Prompt tokens actually evaluated (the rest were reused from the cache).
    public var promptTokensEvaluated: Int
    public var promptSeconds: Double
    public var generatedTokens: Int
    public var generationSeconds: Double
    /// Of `generationSeconds`, the time spent choosing tokens (penalties, a constraint's masking, the
    /// draw) rather than running the model: what constrained decoding costs beyond the forward pass.
    public var samplingSeconds: Double = 0

    /// Prompt tokens taken from the session's cache instead of being evaluated.
    public var promptTokensReused: Int { promptTokens - promptTokensEvaluated }

    public var promptTokensPerSecond: Double { promptSeconds > 0 ? Double(promptTokensEvaluated) / promptSeconds : 0 }
    public var generationTokensPerSecond: Double { generationSeconds > 0 ? Double(generatedTokens) / generationSeconds : 0 }
}

/// Whether a generation ran under a `TokenConstraint`, and if so whether its output was finished.
public enum ConstraintOutcome: String, Codable, Sendable {
    case unconstrained
    /// The constraint accepted the output as a whole (for a JSON Schema: a complete valid document).
    case complete
    /// Generation stopped (max tokens, a stop string, cancellation, a full context) before the output was whole.
    case incomplete
}

public struct GenerationResult: Sendable {
    public var text: String
    public var tokens: [Int32]
    public var stopReason: StopReason
    public var timings: GenerationTimings
    public var constraint: ConstraintOutcome = .unconstrained

    public var isConstrained: Bool { constraint != .unconstrained }
}

/// Runs prompt + sampling loop on one session, streaming text as it becomes complete UTF-8.
///
/// The session's cache is reused across calls: a prompt that starts with the cached tokens only
/// evaluates the rest (flows that share a long prefix pay for it once), as far as the kept positions
/// give the numbers a fresh session would (`InferenceSession.exactReusablePrefix`).
public final class Generator {
    public let model: TransformerModel
    public let tokenizer: Tokenizer
    public let session: InferenceSession

    public init(model: TransformerModel, tokenizer: Tokenizer, session: InferenceSession) {
        self.model = model
        self.tokenizer = tokenizer
        self.session = session
    }

    /// - Parameters:
    ///   - constraint: when given, only tokens it allows are sampled, and generation ends when it is complete
    ///     and nothing else can follow (see `JSONSchemaConstraint`). Stop strings still apply.
    ///   - onText: receives each new piece of text; return false to stop (cancellation).
    /// - Throws: `TokenConstraintError.deadEnd` when the constraint allows no token and is not complete.
    public func generate(prompt: [Int32], parameters: SamplingParameters, constraint: (any TokenConstraint)? = nil,
                         onText: (String) -> Bool = { _ in true }) throws -> GenerationResult {
        if let problem = parameters.validationError() { throw GenerationError.invalidParameters(problem) }
        guard !prompt.isEmpty else { throw InferenceError.emptyInput }
        guard prompt.count < session.contextLength else {
            throw InferenceError.contextFull(needed: prompt.count + 1, capacity: session.contextLength)
        }
        // MARK: Prompt, reusing the longest cached prefix that leaves the numbers as a fresh session's
        let start = MonotonicClock.seconds()
        let reuse = session.exactReusablePrefix(of: prompt)
        session.truncate(to: reuse)
        var logits = try session.evaluate(Array(prompt[reuse...]))
        let promptSeconds = MonotonicClock.seconds() - start

        // MARK: Sampling loop
        var sampler = Sampler(parameters: parameters)
        var decoder = StreamingDecoder(tokenizer: tokenizer)
        var stops = StopStringFilter(stops: parameters.stop)
        var history = prompt
        var generated: [Int32] = []
        var text = ""
        var reason = StopReason.maxTokens
        var constraint = constraint
        constraint?.begin(maxTokens: parameters.maxTokens)
        let genStart = MonotonicClock.seconds()
        var samplingSeconds = 0.0
        loop: while generated.count < parameters.maxTokens {
            let id: Int32
            let choosing = MonotonicClock.seconds()
            if var rule = constraint {
                if rule.mustEnd { reason = .endOfGeneration; break }
                guard let allowed = sampler.sample(logits, history: history, constraint: rule) else {
                    throw TokenConstraintError.deadEnd(afterBytes: decoderByteCount(generated))
                }
                try rule.accept(allowed)
                constraint = rule
                id = allowed
            } else {
                id = sampler.sample(logits, history: history)
            }
            samplingSeconds += MonotonicClock.seconds() - choosing
            if tokenizer.isEndOfGeneration(id) { reason = .endOfGeneration; break }
            generated.append(id)
            history.append(id)
            let (visible, stopped) = stops.push(decoder.append(id))
            text += visible
            if !visible.isEmpty && !onText(visible) { reason = .cancelled; break loop }
            if stopped { reason = .stopString; break }
            if generated.count == parameters.maxTokens { break }
            if session.tokens.count >= session.contextLength { reason = .contextFull; break }
            logits = try session.evaluate([id])
        }
        if reason != .stopString && reason != .cancelled {
            let (tail, _) = stops.push(decoder.finish())
            let rest = tail + stops.flush()
            text += rest
            if !rest.isEmpty { _ = onText(rest) }
        }
        let timings = GenerationTimings(
            promptTokens: prompt.count, promptTokensEvaluated: prompt.count - reuse, promptSeconds: promptSeconds,
            generatedTokens: generated.count, generationSeconds: MonotonicClock.seconds() - genStart,
            samplingSeconds: samplingSeconds)
        let outcome: ConstraintOutcome = constraint.map { $0.isComplete ? .complete : .incomplete } ?? .unconstrained
        return GenerationResult(text: text, tokens: generated, stopReason: reason, timings: timings, constraint: outcome)
    }

    private func decoderByteCount(_ ids: [Int32]) -> Int {
        ids.reduce(0) { $0 + tokenizer.renderedPiece($1, includeSpecial: false, isFirst: false).count }
    }
}

public enum GenerationError: Error, CustomStringConvertible, Equatable {
    case invalidParameters(String)
    public var description: String {
        switch self {
        case .invalidParameters(let why): return "invalid sampling parameters: \(why)"
        }
    }
}
