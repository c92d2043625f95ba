import Foundation
import Inference
import Provenance
import Providers
import Support

/// A provider with the identity its calls are recorded (and cached) under.
public struct RegisteredModel: Sendable {
    public let provider: any ModelProvider
    public let identity: ModelIdentity

    public init(provider: any ModelProvider, identity: ModelIdentity) {
        self.provider = provider
        self.identity = identity
    }

    /// The identity a provider's calls are recorded under. A local model is pinned by its GGUF
    /// file's SHA-256 (hashed here unless the provider already knows it) and its dominant weight
    /// type; a remote one by provider kind, endpoint and model name, so two servers that both call
    /// a model "llama3" never answer from each other's cache (the server's own name for the model
    /// is recorded with each call).
    public static func describing(_ provider: any ModelProvider) -> RegisteredModel {
        let id = provider.identity
        if let local = provider as? LocalProvider {
            let sha = id.modelSHA256.flatMap { ContentHash(hex: $0) }
                ?? ContentHash.of(local.model.model.file.bytes)
            let file = ModelIdentity.LocalFile(sha256: sha, quantization: local.model.model.dominantWeightType.description)
            return RegisteredModel(provider: provider, identity: ModelIdentity(provider: id.kind.rawValue, modelID: id.model, localFile: file))
        }
        let endpoint = id.baseURL.map { "\(id.kind.rawValue) \($0)" } ?? id.kind.rawValue
        return RegisteredModel(provider: provider, identity: ModelIdentity(provider: endpoint, modelID: id.model))
    }
}

/// Which model answers each model step: a default, and overrides by step name (a map's calls go
/// to the model registered for the map step).
public struct ModelRegistry: Sendable {
    public var defaultModel: RegisteredModel
    public var byStep: [String: RegisteredModel]

    public init(default defaultModel: RegisteredModel, byStep: [String: RegisteredModel] = [:]) {
        self.defaultModel = defaultModel
        self.byStep = byStep
    }

    public init(default provider: any ModelProvider) {
        self.init(default: .describing(provider))
    }

    public func model(forStep step: String) -> RegisteredModel { byStep[step] ?? defaultModel }
}
