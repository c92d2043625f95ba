import Support

/// One wheel member on PyPI that holds a model file or one piece of it.
public struct WheelPart: Equatable, Sendable {
    /// The PyPI distribution name, as pip takes it.
    public let package: String
    /// The exact version; catalogs pin versions so the bytes cannot change under a hash.
    public let version: String
    /// The member's path inside the wheel.
    public let member: String

    public init(package: String, version: String, member: String) {
        self.package = package
        self.version = version
        self.member = member
    }

    /// `package==version`, as pip takes it.
    public var requirement: String { "\(package)==\(version)" }
}

/// A model Consilium knows how to fetch: where its bytes come from and what they must hash to.
public struct ModelCatalogEntry: Equatable, Sendable {
    /// The catalog id, also the cache file's name without `.gguf`.
    public let id: String
    public let displayName: String
    /// The GGUF `general.architecture` value.
    public let architecture: String
    /// The quantization as people name it, e.g. "Q4_K_M".
    public let quantization: String
    /// Wheel members whose contents, joined in this order, are the GGUF file.
    public let parts: [WheelPart]
    /// SHA-256 of the joined file.
    public let sha256: SHA256Digest
    /// Size of the joined file in bytes.
    public let size: Int

    public init(id: String, displayName: String, architecture: String, quantization: String,
                parts: [WheelPart], sha256: SHA256Digest, size: Int) {
        self.id = id
        self.displayName = displayName
        self.architecture = architecture
        self.quantization = quantization
        self.parts = parts
        self.sha256 = sha256
        self.size = size
    }

    /// Every part's `package==version`, in order.
    public var requirements: [String] { parts.map(\.requirement) }
}
