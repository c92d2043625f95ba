import Foundation
import Inference
import Support

/// A GGUF model on this machine behind the provider protocol: chat template, then generation with
/// the request's sampling and seed.
///
/// One generation runs at a time per loaded model (a serial queue owns the model's session), and
/// it runs on that queue's thread rather than the cooperative pool, which it would otherwise block.
/// Unset sampling fields mean greedy decoding, seed 0 and at most 256 new tokens. A request with a
/// response schema is decoded under that schema's grammar (Inference's `JSONSchemaConstraint`), so
/// even a small model can only produce JSON the schema accepts.
public final class LocalProvider: ModelProvider, @unchecked Sendable {
    public let identity: ProviderIdentity
    public let ledger = ProviderLedger()
    public let model: LocalModel
    /// Seconds per call when a request sets none.
    public let timeout: Double
    /// Reusing the cached prompt prefix evaluates shared prefixes once. The generator keeps only the
    /// positions a fresh evaluation would compute with the same kernel variants
    /// (`InferenceSession.exactReusablePrefix`), so answers equal a fresh session's (tested on SmolLM2
    /// Q4_1 and Gemma 3 Q4_K_M). Off by default all the same: replays must be byte-identical, and a
    /// kernel whose rounding depended on its batch in a way not recorded there would break it silently.
    public let reusePrefixCache: Bool
    /// Where each generation's token counts and timings go, when debugging speed (see `GenerationLog`).
    public let generationLog: GenerationLog?
    private let generator: Generator
    /// Each token's bytes, for constrained decoding; built on first use (about 20 ms), on `queue`.
    private lazy var tokenBytes = TokenByteTable(tokenizer: model.tokenizer)
    /// Owns `generator` and its session: all generation happens here, one call at a time.
    private let queue = DispatchQueue(label: "consilium.providers.local")

    /// - Parameter sha256: the GGUF file's hash when the caller knows it (the catalog hashes files once).
    public init(model: LocalModel, threads: Int = 2, contextLength: Int? = nil, timeout: Double = 600,
                sha256: String? = nil, reusePrefixCache: Bool = false, generationLog: GenerationLog? = nil) {
        self.model = model
        let file = (model.path as NSString).lastPathComponent
        let name = file.hasSuffix(".gguf") ? String(file.dropLast(5)) : file
        identity = ProviderIdentity(kind: .local, baseURL: nil, model: name, modelFile: file, modelSHA256: sha256)
        self.timeout = timeout
        self.reusePrefixCache = reusePrefixCache
        self.generationLog = generationLog
        generator = model.makeGenerator(threads: max(1, threads), contextLength: contextLength)
    }

    /// Loads the GGUF file at `path`.
    public convenience init(path: String, threads: Int = 2, contextLength: Int? = nil, timeout: Double = 600,
                            sha256: String? = nil) throws {
        self.init(model: try LocalModel(path: path), threads: threads, contextLength: contextLength,
                  timeout: timeout, sha256: sha256)
    }

    /// The time limit is checked as text arrives: prompt evaluation itself is not interrupted.
    public func complete(_ request: ChatRequest, onToken: ((String) -> Void)?) async throws -> ChatResponse {
        do {
            return try await run(request, onToken: onToken)
        } catch let failure as ProviderFailure {
            await ledger.recordFailure(failure)
            throw failure
        }
    }

    private func run(_ request: ChatRequest, onToken: ((String) -> Void)?) async throws -> ChatResponse {
        let parameters: SamplingParameters
        let limit: Double
        // Local exam scoring reads log-probabilities through LocalExamScorer, not through a chat call.
        let ignored: [String] = request.topLogprobs == nil ? [] : ["top_logprobs"]
        var grammar: JSONSchemaGrammar?
        do {
            try request.validate()
            parameters = Self.parameters(request.sampling)
            limit = request.timeout ?? timeout
            guard limit > 0, limit.isFinite else { throw ProviderError.invalidRequest("timeout must be > 0 seconds, found \(limit)") }
            if let schema = request.responseSchema {
                do { grammar = try JSONSchemaGrammar(schema: schema.schema) } catch {
                    throw ProviderError.invalidRequest("response schema '\(schema.name)' cannot constrain local decoding: \(error)")
                }
            }
        } catch let error as ProviderError {
            throw fail(error)
        } catch {
            throw fail(.invalidRequest("\(error)"))
        }
        let messages = request.messages.map { ChatMessage(role: $0.role.rawValue, content: $0.content) }
        let schemaGrammar = grammar
        let stop = StopFlag()
        let result: (GenerationResult, Double, Double?) = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { [self] in
                    continuation.resume(with: Result {
                        try self.generate(messages, parameters, grammar: schemaGrammar, limit: limit, stop: stop, onToken: onToken)
                    })
                }
            }
        } onCancel: {
            stop.cancel()
        }
        let (generation, latency, firstToken) = result
        if stop.timedOut { throw fail(.timeout(seconds: limit), latency: latency) }
        if stop.cancelled { throw CancellationError() }
        guard !generation.text.isEmpty else { throw fail(.emptyReply, latency: latency) }
        let response = ChatResponse(
            text: generation.text, reportedModel: identity.modelFile, finishReason: Self.finishReason(generation.stopReason),
            usage: TokenUsage(promptTokens: generation.timings.promptTokens, completionTokens: generation.timings.generatedTokens),
            latency: latency, timeToFirstToken: firstToken, attempts: 1, identity: identity, ignoredSettings: ignored)
        await ledger.recordSuccess(response)
        return response
    }

    /// Runs on `queue`. Returns the result, the call's seconds and the seconds to the first text.
    private func generate(_ messages: [ChatMessage], _ parameters: SamplingParameters, grammar: JSONSchemaGrammar?,
                          limit: Double,
                          stop: StopFlag, onToken: ((String) -> Void)?) throws -> (GenerationResult, Double, Double?) {
        let watch = Stopwatch()
        do {
            let prompt = try model.chatPrompt(messages)
            let shared = generationLog == nil ? 0 : zip(generator.session.tokens, prompt.tokens).prefix { $0 == $1 }.count
            if !reusePrefixCache { generator.session.truncate(to: 0) }
            var firstToken: Double?
            let constraint = grammar.map { JSONSchemaConstraint(grammar: $0, tokens: tokenBytes) }
            let result = try generator.generate(prompt: prompt.tokens, parameters: parameters,
                                                constraint: constraint) { piece in
                if firstToken == nil { firstToken = watch.seconds }
                onToken?(piece)
                if watch.seconds > limit { stop.timeOut() }
                return !stop.isSet
            }
            try generationLog?.record(result, sharedWithCache: shared, reuseEnabled: reusePrefixCache, seconds: watch.seconds)
            return (result, watch.seconds, firstToken)
        } catch {
            throw fail(.local("\(error)"), latency: watch.seconds)
        }
    }

    private func fail(_ reason: ProviderError, latency: Double = 0) -> ProviderFailure {
        ProviderFailure(reason: reason, attempts: 1, latency: latency, identity: identity)
    }

    static func parameters(_ sampling: Sampling) -> SamplingParameters {
        var p = SamplingParameters()
        p.temperature = Float(sampling.temperature ?? 0)
        p.topP = Float(sampling.topP ?? 1)
        p.topK = sampling.topK ?? 0
        p.maxTokens = sampling.maxTokens ?? 256
        p.seed = sampling.seed ?? 0
        p.stop = sampling.stop
        return p
    }

    static func finishReason(_ reason: StopReason) -> FinishReason {
        switch reason {
        case .endOfGeneration, .stopString: return .stop
        case .maxTokens, .contextFull: return .length
        case .cancelled: return .other("cancelled")
        }
    }
}

/// Tells a running generation to stop: cancelled by the caller's task, or out of time.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var _cancelled = false
    private var _timedOut = false

    func cancel() { lock.lock(); _cancelled = true; lock.unlock() }
    func timeOut() { lock.lock(); _timedOut = true; lock.unlock() }
    var cancelled: Bool { lock.lock(); defer { lock.unlock() }; return _cancelled }
    var timedOut: Bool { lock.lock(); defer { lock.unlock() }; return _timedOut }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return _cancelled || _timedOut }
}
