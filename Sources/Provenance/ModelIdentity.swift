import Support

/// Which model answered: enough to get the same model again.
///
/// A local model is pinned by its GGUF file's SHA-256 and quantization; a remote one can only be
/// named, and the name the server reports back is recorded with each call (`CallResult`).
public struct ModelIdentity: Hashable, Sendable {
    public struct LocalFile: Hashable, Sendable {
        public let sha256: ContentHash
        /// The GGUF file type as llama.cpp names it, e.g. `Q4_K_M`.
        public let quantization: String

        public init(sha256: ContentHash, quantization: String) {
            self.sha256 = sha256
            self.quantization = quantization
        }
    }

    /// `local`, `openai`, `anthropic`, ...
    public let provider: String
    /// The model asked for: a file name for local models, the API model name for remote ones.
    public let modelID: String
    /// Set for local models only.
    public let localFile: LocalFile?

    public init(provider: String, modelID: String, localFile: LocalFile? = nil) {
        self.provider = provider
        self.modelID = modelID
        self.localFile = localFile
    }

    /// The identity's part in a call's content address.
    var json: JSONValue {
        var members: [String: JSONValue] = ["provider": .string(provider), "model": .string(modelID)]
        if let localFile {
            members["sha256"] = .string(localFile.sha256.hex)
            members["quantization"] = .string(localFile.quantization)
        }
        return .object(members)
    }
}
