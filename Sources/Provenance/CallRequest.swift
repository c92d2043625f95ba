import Support

/// A prompt template, by id and content hash: editing the template changes every call's identity.
public struct TemplateRef: Hashable, Sendable {
    public let id: String
    public let hash: ContentHash

    public init(id: String, hash: ContentHash) {
        self.id = id
        self.hash = hash
    }
}

/// Everything that determines a model's answer, as it is sent. Its `identity` is the cache key.
///
/// It holds no provider configuration (URLs, headers, keys): those never reach the store.
public struct CallRequest: Hashable, Sendable {
    public let model: ModelIdentity
    /// The rendered messages, e.g. `[{"role": "user", "content": "..."}]`.
    public let messages: JSONValue
    /// Every sampling parameter, the seed included, e.g. `{"temperature": 0, "seed": 42, "max_tokens": 256}`.
    public let sampling: JSONValue
    public let template: TemplateRef?
    /// The hash of the JSON Schema the answer must satisfy, if the step names one.
    public let schemaHash: ContentHash?

    public init(model: ModelIdentity, messages: JSONValue, sampling: JSONValue,
                template: TemplateRef? = nil, schemaHash: ContentHash? = nil) {
        self.model = model
        self.messages = messages
        self.sampling = sampling
        self.template = template
        self.schemaHash = schemaHash
    }

    public var identity: CallIdentity { CallIdentity(self) }
}
