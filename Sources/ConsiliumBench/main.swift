// consilium-bench: llama-bench-style throughput of the inference core, as one JSON object on
// stdout. Parses arguments and calls ThroughputProbe; Benchmarks/inference/compare.py drives it.
import Foundation
import Inference

let usage = """
usage: consilium-bench --model PATH [--threads N] [--prompt 512] [--gen 128] [--repeats 5]
                       [--chat 64] [--seed 1] [--no-bandwidth]
       consilium-bench --model PATH [--threads N] --logits-out FILE
           writes the f32 logits of ThroughputProbe.logitsTrace, to compare two builds byte for byte
"""

struct ArgumentError: Error, CustomStringConvertible {
    var description: String
}

func parseSettings(_ args: [String]) throws -> (ThroughputProbe.Settings, logitsOut: String?) {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var i = 0
    while i < args.count {
        let name = args[i]
        switch name {
        case "--no-bandwidth":
            flags.insert(name)
        case "--model", "--threads", "--logits-out", "--prompt", "--gen", "--repeats", "--chat", "--seed":
            guard i + 1 < args.count else { throw ArgumentError(description: "\(name) (argument \(i + 1)) needs a value") }
            values[name] = args[i + 1]
            i += 1
        default:
            throw ArgumentError(description: "unknown argument '\(name)' at position \(i + 1)")
        }
        i += 1
    }
    guard let model = values["--model"] else { throw ArgumentError(description: "--model is required") }
    func count(_ name: String, _ fallback: Int, minimum: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let n = Int(text), n >= minimum else {
            throw ArgumentError(description: "\(name) expects an integer >= \(minimum), found '\(text)'")
        }
        return n
    }
    var s = ThroughputProbe.Settings(modelPath: model, threads: try count("--threads", 1, minimum: 1))
    s.promptTokens = try count("--prompt", s.promptTokens, minimum: 1)
    s.generatedTokens = try count("--gen", s.generatedTokens, minimum: 1)
    s.repeats = try count("--repeats", s.repeats, minimum: 1)
    s.chatPromptTokens = try count("--chat", s.chatPromptTokens, minimum: 1)
    s.seed = UInt64(try count("--seed", Int(s.seed), minimum: 0))
    s.measuresBandwidth = !flags.contains("--no-bandwidth")
    return (s, values["--logits-out"])
}

do {
    let (settings, logitsOut) = try parseSettings(Array(CommandLine.arguments.dropFirst()))
    if let logitsOut {
        let logits = try ThroughputProbe.logitsTrace(modelPath: settings.modelPath, threads: settings.threads,
                                                     seed: settings.seed)
        let data = logits.withUnsafeBufferPointer { Data(buffer: $0) }
        try data.write(to: URL(fileURLWithPath: logitsOut))
        exit(0)
    }
    let report = try ThroughputProbe(settings: settings).run()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    FileHandle.standardOutput.write(try encoder.encode(report))
    FileHandle.standardOutput.write("\n".data(using: .utf8) ?? Data())
} catch let error as ArgumentError {
    FileHandle.standardError.write("consilium-bench: \(error)\n\(usage)\n".data(using: .utf8) ?? Data())
    exit(2)
} catch {
    FileHandle.standardError.write("consilium-bench: \(error)\n".data(using: .utf8) ?? Data())
    exit(1)
}
