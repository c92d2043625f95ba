import Support

/// A call's content address: SHA-256 of the canonical JSON of what determines its answer
/// (provider, model identity, messages, sampling parameters with the seed, schema hash,
/// template hash). Two calls with the same identity would ask the same model the same thing.
public struct CallIdentity: Hashable, Sendable, CustomStringConvertible {
    public let hash: ContentHash

    public init(hash: ContentHash) { self.hash = hash }

    public init(_ request: CallRequest) {
        // Versioned so a change of what counts can never collide with old identities.
        let document: JSONValue = .object([
            "identity": "consilium.call/1",
            "model": request.model.json,
            "messages": request.messages,
            "sampling": request.sampling,
            "schema": request.schemaHash.map { .string($0.hex) } ?? .null,
            "template": request.template.map { .string($0.hash.hex) } ?? .null,
        ])
        hash = ContentHash.of(document)
    }

    public var description: String { hash.hex }
}
