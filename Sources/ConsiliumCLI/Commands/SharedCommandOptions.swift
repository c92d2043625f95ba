import Foundation

/// The `--data` option of the bench commands and where it points when not given.
enum ExamData {
    static let option = OptionSpec("data", valueName: "DIR", help: "The exam data folder (default: $CONSILIUM_EXAMS or Benchmarks/exams).")

    /// `given`, else `$CONSILIUM_EXAMS`, else the shipped sets.
    static func root(_ given: String?, _ context: CommandContext) -> String {
        given ?? context.environment["CONSILIUM_EXAMS"] ?? "Benchmarks/exams"
    }
}

/// The `--threads` value of the commands that run a local model: as given (1-512), else one per core.
enum WorkerThreads {
    static func count(_ args: ParsedArguments) throws -> Int {
        try args.optionalInt("threads", in: 1...512) ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
