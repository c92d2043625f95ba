import FlowRunner
import Foundation
import Providers

/// Which model `--model`/`/model` or `--provider`/`/provider` named.
enum ReplModelChoice: Equatable, CustomStringConvertible {
    case local(String)
    case providerFile(String)

    var description: String {
        switch self {
        case .local(let reference): return reference
        case .providerFile(let path): return "the provider in \(path)"
        }
    }
}

/// Loads the models a session switches to, with the command's threads and environment.
struct ReplModelLoader {
    let threads: Int
    let context: CommandContext

    func load(_ choice: ReplModelChoice) throws -> ReplModel {
        switch choice {
        case .local(let reference): return try ReplModel.local(reference, threads: threads, context: context)
        case .providerFile(let path): return try ReplModel.providerFile(path, context: context)
        }
    }
}

/// The model the REPL talks to: the provider, the identity its calls are recorded under, and what
/// the prompt calls it.
struct ReplModel {
    let registered: RegisteredModel
    /// A catalog id, a GGUF file's name without ".gguf", or a remote model's name.
    let label: String
    /// Values the provenance store must never hold (a remote provider's API key).
    let secrets: [String]

    var provider: any ModelProvider { registered.provider }
    var isLocal: Bool { registered.provider is LocalProvider }

    /// A catalog id or a GGUF path, fetched into the cache first when it is a catalog model missing there.
    static func local(_ reference: String, threads: Int, context: CommandContext) throws -> ReplModel {
        let file = try ModelResolution.resolve(reference, context: context)
        let provider = try LocalProvider(path: file.path, threads: threads, sha256: file.sha256.hex)
        let name = (file.path as NSString).lastPathComponent
        let label = file.id ?? (name.hasSuffix(".gguf") ? String(name.dropLast(5)) : name)
        return ReplModel(registered: .describing(provider), label: label, secrets: [])
    }

    /// The endpoint a provider configuration file describes (its API key comes from the environment).
    static func providerFile(_ path: String, context: CommandContext) throws -> ReplModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read the provider configuration")
        }
        let config: ProviderConfig
        do { config = try ProviderConfig(parsing: String(decoding: data, as: UTF8.self)) } catch {
            throw CommandFailure("\(path): \(error)")
        }
        var secrets: [String] = []
        switch config.source {
        case .openai(let remote), .anthropic(let remote):
            if let variable = remote.apiKeyVariable, let key = context.environment[variable], !key.isEmpty { secrets.append(key) }
        case .local:
            break
        }
        let provider: any ModelProvider
        do { provider = try config.makeProvider(environment: context.environment) } catch {
            throw CommandFailure("\(path): \(error)")
        }
        return ReplModel(registered: .describing(provider), label: provider.identity.model, secrets: secrets)
    }
}
