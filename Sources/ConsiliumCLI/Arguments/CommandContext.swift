import Foundation

/// What a running command may touch outside its arguments: where its output goes and the
/// environment. Passed in, never read from globals, so tests capture output and set variables.
public struct CommandContext: Sendable {
    public var stdout: any TextWriter
    public var stderr: any TextWriter
    public var environment: [String: String]

    public init(stdout: any TextWriter, stderr: any TextWriter, environment: [String: String]) {
        self.stdout = stdout
        self.stderr = stderr
        self.environment = environment
    }
}

extension CommandContext {
    /// The process's own standard output, standard error and environment.
    public static var standard: CommandContext {
        CommandContext(stdout: FileHandleWriter.standardOutput, stderr: FileHandleWriter.standardError,
                       environment: ProcessInfo.processInfo.environment)
    }
}
