// consilium-bench: llama-bench-style throughput of the inference core, as one JSON object on
// stdout. Parses arguments and calls ThroughputProbe (Benchmarks/inference/compare.py drives it), or
// LocalScoringProbe for `exam-scoring` (Benchmarks/results/exams-local-scoring-*.md).
import ExamRunner
import Exams
import Foundation
import Inference

let usage = """
usage: consilium-bench --model PATH [--threads N] [--prompt 512] [--gen 128] [--repeats 5]
                       [--chat 64] [--seed 1] [--no-bandwidth]
       consilium-bench --model PATH [--threads N] --logits-out FILE
           writes the f32 logits of ThroughputProbe.logitsTrace, to compare two builds byte for byte
       consilium-bench exam-scoring --model PATH --exams DIR [--full] [--threads N] [--items 30] [--shots 5]
           items/s of exam modes (a) and (b) on MMLU medical (LocalScoringProbe); DIR as Benchmarks/exams,
           or the full copies with --full
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

/// `exam-scoring` arguments into the probe's settings.
func parseExamScoring(_ args: [String]) throws -> LocalScoringProbe.Settings {
    var values: [String: String] = [:]
    var full = false
    var i = 0
    while i < args.count {
        let name = args[i]
        switch name {
        case "--full":
            full = true
        case "--model", "--exams", "--threads", "--items", "--shots":
            guard i + 1 < args.count else { throw ArgumentError(description: "\(name) (argument \(i + 2)) needs a value") }
            values[name] = args[i + 1]
            i += 1
        default:
            throw ArgumentError(description: "unknown argument '\(name)' at position \(i + 2)")
        }
        i += 1
    }
    guard let model = values["--model"] else { throw ArgumentError(description: "--model is required") }
    guard let exams = values["--exams"] else { throw ArgumentError(description: "--exams is required") }
    func count(_ name: String, _ fallback: Int, minimum: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let n = Int(text), n >= minimum else {
            throw ArgumentError(description: "\(name) expects an integer >= \(minimum), found '\(text)'")
        }
        return n
    }
    var s = LocalScoringProbe.Settings(modelPath: model, threads: try count("--threads", 2, minimum: 1),
                                       examsRoot: exams, layout: full ? .full : .subset)
    s.itemCount = try count("--items", s.itemCount, minimum: 1)
    s.shots = try count("--shots", s.shots, minimum: 0)
    return s
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    FileHandle.standardOutput.write(try encoder.encode(value))
    FileHandle.standardOutput.write("\n".data(using: .utf8) ?? Data())
}

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "exam-scoring" {
        try printJSON(try LocalScoringProbe(settings: try parseExamScoring(Array(arguments.dropFirst()))).run())
        exit(0)
    }
    let (settings, logitsOut) = try parseSettings(arguments)
    if let logitsOut {
        let logits = try ThroughputProbe.logitsTrace(modelPath: settings.modelPath, threads: settings.threads,
                                                     seed: settings.seed)
        let data = logits.withUnsafeBufferPointer { Data(buffer: $0) }
        try data.write(to: URL(fileURLWithPath: logitsOut))
        exit(0)
    }
    try printJSON(try ThroughputProbe(settings: settings).run())
} catch let error as ArgumentError {
    FileHandle.standardError.write("consilium-bench: \(error)\n\(usage)\n".data(using: .utf8) ?? Data())
    exit(2)
} catch {
    FileHandle.standardError.write("consilium-bench: \(error)\n".data(using: .utf8) ?? Data())
    exit(1)
}
