import Inference
import Support

/// What `consilium models info` shows about a GGUF file: identity, hyperparameters, tokenizer
/// and tensor formats, read from the file's metadata in GGUF's own key names. Fields a file
/// lacks are nil rather than guessed.
public struct ModelSummary: Equatable, Sendable {
    public let path: String
    public let fileSize: Int
    public let ggufVersion: Int
    public let architecture: String?
    public let name: String?
    public let contextLength: Int?
    public let embeddingLength: Int?
    public let layerCount: Int?
    public let headCount: Int?
    public let kvHeadCount: Int?
    public let vocabularySize: Int?
    public let tokenizerModel: String?
    public let tokenizerPre: String?
    public let hasChatTemplate: Bool
    public let tensorCount: Int
    public let parameterCount: Int
    /// Tensors per storage format, most common first (ties by name).
    public let tensorTypes: [(type: String, count: Int)]
    /// The catalog id, when the file came from the catalog.
    public let catalogID: String?
    /// Set when the file came from the catalog or hashing was asked for.
    public let sha256: SHA256Digest?

    public static func == (a: ModelSummary, b: ModelSummary) -> Bool {
        a.json == b.json
    }

    /// Reads the summary from an opened file.
    public init(file: GGUFFile, catalogID: String? = nil, sha256: SHA256Digest? = nil) {
        let m = file.metadata
        let arch = m["general.architecture"]?.stringValue
        func archInt(_ key: String) -> Int? { arch.flatMap { m[$0 + "." + key]?.intValue } }

        path = file.path
        fileSize = file.fileSize
        ggufVersion = Int(file.version)
        architecture = arch
        name = m["general.name"]?.stringValue
        contextLength = archInt("context_length")
        embeddingLength = archInt("embedding_length")
        layerCount = archInt("block_count")
        headCount = archInt("attention.head_count")
        kvHeadCount = archInt("attention.head_count_kv") ?? headCount
        vocabularySize = archInt("vocab_size") ?? m["tokenizer.ggml.tokens"]?.arrayValue?.count
        tokenizerModel = m["tokenizer.ggml.model"]?.stringValue
        tokenizerPre = m["tokenizer.ggml.pre"]?.stringValue
        hasChatTemplate = m["tokenizer.chat_template"]?.stringValue.map { !$0.isEmpty } ?? false
        tensorCount = file.tensors.count
        parameterCount = file.tensors.reduce(0) { $0 + $1.elementCount }
        var counts: [String: Int] = [:]
        for tensor in file.tensors { counts[tensor.type.description, default: 0] += 1 }
        tensorTypes = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { (type: $0.key, count: $0.value) }
        self.catalogID = catalogID
        self.sha256 = sha256
    }

    /// Opens the file at `path` (validating it) and summarizes it.
    public init(path: String, catalogID: String? = nil, sha256: SHA256Digest? = nil) throws {
        self.init(file: try GGUFFile(path: path), catalogID: catalogID, sha256: sha256)
    }

    public var json: JSONValue {
        func int(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var types: [String: JSONValue] = [:]
        for (type, count) in tensorTypes { types[type] = .number(Double(count)) }
        return [
            "path": .string(path), "id": string(catalogID), "file_size": int(fileSize), "gguf_version": int(ggufVersion),
            "sha256": string(sha256?.hex),
            "architecture": string(architecture), "name": string(name),
            "context_length": int(contextLength), "embedding_length": int(embeddingLength),
            "layers": int(layerCount), "heads": int(headCount), "kv_heads": int(kvHeadCount),
            "vocab_size": int(vocabularySize),
            "tokenizer": ["model": string(tokenizerModel), "pre": string(tokenizerPre)],
            "chat_template": .bool(hasChatTemplate),
            "tensor_count": int(tensorCount), "parameter_count": int(parameterCount),
            "tensor_types": .object(types),
        ]
    }
}
