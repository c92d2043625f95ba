import Inference

/// The sampling options shared by every command that generates text, and their mapping onto
/// `SamplingParameters` (defaults: greedy, so a run is reproducible unless asked otherwise).
enum SamplingOptions {
    static let options: [OptionSpec] = [
        OptionSpec("max-tokens", short: "n", valueName: "N", help: "Most tokens to generate.", .defaulted("256")),
        OptionSpec("temperature", short: "t", valueName: "T", help: "Sampling temperature; 0 is greedy.", .defaulted("0")),
        OptionSpec("top-k", valueName: "K", help: "Keep the K most likely tokens; 0 keeps all (llama.cpp's default 40).", .defaulted("40")),
        OptionSpec("top-p", valueName: "P", help: "Keep the smallest set of tokens reaching probability P (default as llama.cpp).", .defaulted("0.95")),
        OptionSpec("min-p", valueName: "P", help: "Drop tokens less likely than P times the most likely (default as llama.cpp).", .defaulted("0.05")),
        OptionSpec("repeat-penalty", valueName: "X", help: "Penalty on recently seen tokens; 1 is off.", .defaulted("1")),
        OptionSpec("frequency-penalty", valueName: "X", help: "Subtracted per occurrence of a recent token.", .defaulted("0")),
        OptionSpec("presence-penalty", valueName: "X", help: "Subtracted once for each recent token.", .defaulted("0")),
        OptionSpec("seed", valueName: "N", help: "Seed of the random draw (same seed, same output).", .defaulted("0")),
        OptionSpec("stop", valueName: "TEXT", help: "Stop before this text (repeatable).", .repeatable),
    ]

    static func parameters(_ args: ParsedArguments) throws -> SamplingParameters {
        var p = SamplingParameters()
        p.maxTokens = try args.int("max-tokens", in: 0...1_000_000)
        p.temperature = Float(try args.double("temperature", in: 0...100))
        p.topK = try args.int("top-k", in: 0...1_000_000)
        p.topP = Float(try args.double("top-p", in: 0.000_001...1))
        p.minP = Float(try args.double("min-p", in: 0...0.999_999))
        p.repetitionPenalty = Float(try args.double("repeat-penalty", in: 0.01...100))
        p.frequencyPenalty = Float(try args.double("frequency-penalty", in: -100...100))
        p.presencePenalty = Float(try args.double("presence-penalty", in: -100...100))
        let seed = try args.string("seed")
        guard let value = UInt64(seed) else { throw args.invalid("seed", "expected a whole number from 0 to 2^64-1") }
        p.seed = value
        p.stop = try args.strings("stop")
        if p.stop.contains("") { throw args.invalid("stop", "a stop string must not be empty") }
        return p
    }
}
