import FlowRunner
import Foundation
import Providers

/// The model options the `genes` commands share: a local catalog id or GGUF path, or a provider
/// configuration file, resolved only when the command's inputs have passed their checks.
struct GeneModelChoice: Sendable {
    static let options = [
        OptionSpec("model", short: "m", valueName: "MODEL",
                   help: "A local catalog id or GGUF path (default: \(ModelResolution.defaultModelID))."),
        OptionSpec("provider", valueName: "CONFIG", help: "A provider configuration JSON file instead of --model."),
        OptionSpec("threads", valueName: "N", help: "Worker threads for a local model (default: the number of cores)."),
    ]

    let model: String?
    let provider: String?
    let threads: Int

    init(_ args: ParsedArguments) throws {
        model = try args.optionalString("model")
        provider = try args.optionalString("provider")
        if model != nil, provider != nil { throw args.invalid("provider", "give either --model or --provider, not both") }
        threads = try WorkerThreads.count(args)
    }

    /// A label for reports: the provider file, the model as given, or the default id.
    var label: String { provider ?? model ?? ModelResolution.defaultModelID }

    /// The model to run; may fetch the default model.
    func resolve(_ context: CommandContext) throws -> FlowLaunch.Model {
        if let provider {
            guard let data = FileManager.default.contents(atPath: provider) else {
                throw CommandFailure("\(provider): cannot read the provider configuration")
            }
            do {
                return .config(try ProviderConfig(parsing: String(decoding: data, as: UTF8.self)))
            } catch {
                throw CommandFailure("\(provider): \(error)")
            }
        }
        let file = try ModelResolution.resolve(model ?? ModelResolution.defaultModelID, context: context)
        return .localFile(path: file.path, threads: threads, sha256: file.sha256.hex)
    }
}
