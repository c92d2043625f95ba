import Foundation
import Inference
import Support

/// A debugging record of a local model's generations, one JSON object a line: how many prompt tokens
/// each call shared with the session's cache and how many it reused, and where its time went (prompt
/// evaluation, forward passes while decoding, choosing tokens under a constraint). Off unless the
/// environment names a file in `environmentVariable`; it holds counts and times, never prompt text.
public final class GenerationLog: @unchecked Sendable {
    public static let environmentVariable = "CONSILIUM_GENERATION_LOG"

    public let path: String
    private let writer: FileWriter
    private let lock = NSLock()
    private var calls = 0

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        self.path = path
        writer = try FileWriter(path: path)
    }

    /// The log the environment asks for, if any.
    public static func fromEnvironment(_ environment: [String: String]) throws -> GenerationLog? {
        guard let path = environment[environmentVariable], !path.isEmpty else { return nil }
        return try GenerationLog(path: path)
    }

    /// One call's line.
    /// - Parameters:
    ///   - sharedWithCache: prompt tokens equal to the session's cached tokens when the call began,
    ///     whether or not they were then reused (the most prefix reuse could have saved).
    ///   - seconds: the whole call, chat template and tokenization included.
    public func record(_ result: GenerationResult, sharedWithCache: Int, reuseEnabled: Bool, seconds: Double) throws {
        let t = result.timings
        lock.lock()
        defer { lock.unlock() }
        calls += 1
        let line: JSONValue = [
            "call": .number(Double(calls)),
            "reuse_enabled": .bool(reuseEnabled),
            "prompt_tokens": .number(Double(t.promptTokens)),
            "shared_with_cache": .number(Double(sharedWithCache)),
            "reused_tokens": .number(Double(t.promptTokensReused)),
            "evaluated_tokens": .number(Double(t.promptTokensEvaluated)),
            "prompt_seconds": .number(t.promptSeconds),
            "generated_tokens": .number(Double(t.generatedTokens)),
            "generation_seconds": .number(t.generationSeconds),
            "sampling_seconds": .number(t.samplingSeconds),
            "constraint": .string(result.constraint.rawValue),
            "stop_reason": .string(result.stopReason.rawValue),
            "seconds": .number(seconds),
        ]
        try Data((line.canonicalText + "\n").utf8).withUnsafeBytes { try writer.write($0) }
    }
}
