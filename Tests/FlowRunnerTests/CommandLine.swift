import ConsiliumCLI
import Foundation
import XCTest

/// Runs `consilium` in this process with captured output, as the user would call it.
struct CommandLineRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> CommandLineRun {
        let stdout = StringWriter(), stderr = StringWriter()
        let status = await Consilium.main(["consilium"] + arguments,
                                          context: CommandContext(stdout: stdout, stderr: stderr, environment: environment))
        return CommandLineRun(status: status, stdout: stdout.text, stderr: stderr.text)
    }
}

/// A provider configuration file for the loopback model, in `directory`.
func providerConfig(_ model: FakeOpenAIModel, in directory: URL, keyVariable: String? = nil) throws -> String {
    let url = directory.appendingPathComponent("provider.json")
    let key = keyVariable.map { "\"\($0)\"" } ?? "null"
    try Data("""
        {"kind": "openai", "base_url": "\(model.baseURL.absoluteString)", "model": "fake-model", "api_key_env": \(key),
         "max_concurrency": 4, "timeout": 30, "retry": {"max_attempts": 2, "base_delay": 0.01, "jitter_seed": 1}}
        """.utf8).write(to: url)
    return url.path
}
