import Support

/// A model file on disk with what identifies it for provenance: its size and SHA-256, and the
/// catalog id when it came from the catalog. (Provenance's `ModelIdentity` records the hash.)
public struct ModelFile: Equatable, Sendable {
    /// The catalog id; nil for a GGUF file named by path.
    public let id: String?
    /// Absolute path of the GGUF file.
    public let path: String
    public let sha256: SHA256Digest
    public let size: Int

    public init(id: String?, path: String, sha256: SHA256Digest, size: Int) {
        self.id = id
        self.path = path
        self.sha256 = sha256
        self.size = size
    }

    public var json: JSONValue {
        ["id": id.map(JSONValue.string) ?? .null, "path": .string(path), "sha256": .string(sha256.hex),
         "size": .number(Double(size))]
    }
}
