/// A loaded model: the mapped file, its hyperparameters, its architecture traits and its weights.
/// Immutable and shared; each `InferenceSession` holds its own cache and buffers.
public final class TransformerModel: @unchecked Sendable {
    public let file: GGUFFile
    public let config: ModelConfig
    public let traits: ArchitectureTraits
    let weights: ModelWeights

    public init(file: GGUFFile) throws {
        let arch = try file.metadata.string("general.architecture")
        guard let traits = ArchitectureTraits.registry[arch] else {
            throw InferenceError.unsupportedArchitecture(arch, file: file.path)
        }
        self.file = file
        self.traits = traits
        config = try ModelConfig(metadata: file.metadata)
        weights = try ModelWeights(file: file, config: config, traits: traits)
    }

    public convenience init(path: String) throws {
        try self.init(file: GGUFFile(path: path))
    }

    /// The quantization most of the weight bytes use, e.g. "Q4_1" (as llama.cpp names file types loosely).
    public var dominantWeightType: GGMLType {
        var bytes: [GGMLType: Int] = [:]
        for t in file.tensors where t.dimensions.count == 2 { bytes[t.type, default: 0] += t.byteCount }
        return bytes.max { $0.value < $1.value }?.key ?? .f32
    }
}
