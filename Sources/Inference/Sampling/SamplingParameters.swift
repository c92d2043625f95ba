/// How the next token is chosen. Defaults are greedy; every field is recorded with a call's provenance.
public struct SamplingParameters: Codable, Equatable, Sendable {
    /// 0 means greedy (argmax of the penalized logits).
    public var temperature: Float = 0
    /// Keep the k most likely tokens; 0 keeps all.
    public var topK: Int = 0
    /// Keep the smallest set of tokens whose probability reaches p; 1 keeps all.
    public var topP: Float = 1
    /// Drop tokens less likely than minP times the most likely one; 0 keeps all.
    public var minP: Float = 0
    /// Divide positive logits (multiply negative ones) of recently seen tokens; 1 is off.
    public var repetitionPenalty: Float = 1
    /// Subtract count * frequencyPenalty from the logit of each recently seen token.
    public var frequencyPenalty: Float = 0
    /// Subtract presencePenalty from the logit of each recently seen token.
    public var presencePenalty: Float = 0
    /// How many of the latest tokens (prompt included) the penalties look at (llama.cpp: 64).
    public var penaltyWindow: Int = 64
    public var seed: UInt64 = 0
    public var maxTokens: Int = 256
    /// Generation stops before any of these strings; the stop string is not part of the output.
    public var stop: [String] = []

    public init() {}

    public var isGreedy: Bool { temperature <= 0 }

    /// A description of the first invalid field, or nil when all are valid.
    public func validationError() -> String? {
        if !(temperature >= 0 && temperature.isFinite) { return "temperature must be >= 0, found \(temperature)" }
        if topK < 0 { return "top-k must be >= 0, found \(topK)" }
        if !(topP > 0 && topP <= 1) { return "top-p must be in (0, 1], found \(topP)" }
        if !(minP >= 0 && minP < 1) { return "min-p must be in [0, 1), found \(minP)" }
        if !(repetitionPenalty > 0 && repetitionPenalty.isFinite) { return "repetition penalty must be > 0, found \(repetitionPenalty)" }
        if penaltyWindow < 0 { return "penalty window must be >= 0, found \(penaltyWindow)" }
        if maxTokens < 0 { return "max tokens must be >= 0, found \(maxTokens)" }
        if stop.contains("") { return "a stop string must not be empty" }
        return nil
    }
}
