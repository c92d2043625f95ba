import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// How to get a model again: recorded with the run so that `--resume` needs nothing but the run id.
/// Holds no credentials (a provider configuration names the environment variable of its key).
public enum ExamModelSource: Equatable, Sendable {
    /// A GGUF file run by the local provider; `sha256` when already known (else it is hashed).
    case localFile(path: String, threads: Int, sha256: String?)
    /// A provider configuration; `json` is its parsed file, kept for the record.
    case config(ProviderConfig, json: JSONValue)

    public var json: JSONValue {
        switch self {
        case .localFile(let path, _, let sha256):
            return ["localFile": .string(path), "sha256": sha256.map { .string($0) } ?? .null]
        case .config(_, let json):
            return ["provider": json]
        }
    }

    /// The model name of a remote endpoint; nil for a local model.
    public var remoteName: String? {
        guard case .config(let config, _) = self else { return nil }
        switch config.source {
        case .openai(let remote), .anthropic(let remote): return remote.model
        case .local: return nil
        }
    }

    /// - Parameter threads: for a local file (threads are not part of a model's identity).
    public init(json: JSONValue, threads: Int) throws {
        if let path = json["localFile"]?.stringValue {
            self = .localFile(path: path, threads: threads, sha256: json["sha256"]?.stringValue)
        } else if let provider = json["provider"] {
            self = .config(try ProviderConfig(json: provider), json: provider)
        } else {
            throw ExamRunError.corruptRecord(field: "model", reason: "neither localFile nor provider")
        }
    }

    /// Loads or connects the model. `localScorer` is asked for a scorer of a local model (modes a
    /// and b); it may return nil. Returns the model and the secret values the store must never hold.
    public func make(environment: [String: String], concurrency: Int?,
                     localScorer: (LocalProvider) -> (any LocalItemScoring)?) throws -> (ExamModel, secrets: [String]) {
        switch self {
        case .localFile(let path, let threads, let sha256):
            let provider = try LocalProvider(path: path, threads: threads, sha256: sha256)
            return (ExamModel(registered: .describing(provider), source: self, localScorer: localScorer(provider),
                              concurrency: 1), [])
        case .config(let config, _):
            var secrets: [String] = []
            if case .openai(let remote) = config.source, let variable = remote.apiKeyVariable,
               let key = environment[variable], !key.isEmpty { secrets.append(key) }
            if case .anthropic(let remote) = config.source, let variable = remote.apiKeyVariable,
               let key = environment[variable], !key.isEmpty { secrets.append(key) }
            let provider = try config.makeProvider(environment: environment)
            let scorer = (provider as? LocalProvider).flatMap(localScorer)
            let limit = provider is LocalProvider ? 1 : max(1, concurrency ?? config.maxConcurrency)
            return (ExamModel(registered: .describing(provider), source: self, localScorer: scorer, concurrency: limit), secrets)
        }
    }
}

/// A model as an exam run uses it: the provider with its recorded identity, how to load it again,
/// the local scorer for modes (a) and (b) if it has one, and how many items may be asked at once.
public struct ExamModel: Sendable {
    public let registered: RegisteredModel
    public let source: ExamModelSource
    public let localScorer: (any LocalItemScoring)?
    /// Calls in flight at once: 1 for a local model (one generation at a time anyway).
    public let concurrency: Int

    public init(registered: RegisteredModel, source: ExamModelSource, localScorer: (any LocalItemScoring)?, concurrency: Int) {
        self.registered = registered
        self.source = source
        self.localScorer = localScorer
        self.concurrency = max(1, concurrency)
    }

    public var identity: ModelIdentity { registered.identity }
    public var isLocal: Bool { registered.provider is LocalProvider }

    /// The model as tables name it: the file or API model name.
    public var label: String { identity.modelID }

    /// The identity as recorded in a run's parameters.
    var identityJSON: JSONValue {
        var members: [String: JSONValue] = ["provider": .string(identity.provider), "model": .string(identity.modelID)]
        if let file = identity.localFile {
            members["sha256"] = .string(file.sha256.hex)
            members["quantization"] = .string(file.quantization)
        }
        return .object(members)
    }
}
