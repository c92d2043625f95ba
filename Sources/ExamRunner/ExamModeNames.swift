import Exams

/// The scoring mode of a run (recorded per run): (a) `likelihood` and (b) `nextToken` read a local
/// model's distribution through `LocalItemScoring`; (c) `generate` asks any endpoint for a reply
/// and extracts the answer from it.
extension ExamPrompt.Mode {
    /// The command line's spelling: generate, likelihood, next-token.
    public var commandName: String {
        switch self {
        case .generate: return "generate"
        case .likelihood: return "likelihood"
        case .nextToken: return "next-token"
        }
    }

    /// Accepts the command line's spelling and the stored raw value.
    public init?(commandName: String) {
        switch commandName.lowercased() {
        case "generate", "c": self = .generate
        case "likelihood", "a": self = .likelihood
        case "next-token", "nexttoken", "b": self = .nextToken
        default: return nil
        }
    }

    /// Modes (a) and (b) need the model's token probabilities: a local model's scorer makes them.
    public var needsLocalScorer: Bool { self != .generate }

    /// Mode (b) also runs on OpenAI-compatible endpoints, from the top log-probabilities of the
    /// answer's first token; mode (a) needs every option token's probability, which no chat API gives.
    public var worksOnRemoteLogprobs: Bool { self == .nextToken }
}
