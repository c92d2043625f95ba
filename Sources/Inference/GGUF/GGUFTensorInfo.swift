/// Where one tensor lives in a GGUF file and what shape and format it has.
public struct GGUFTensorInfo: Sendable {
    public let name: String
    /// ggml's `ne`: dimensions from fastest to slowest varying; `dimensions[0]` is the row length.
    public let dimensions: [Int]
    public let type: GGMLType
    /// Offset of the first byte from the start of the file (not the data section).
    public let fileOffset: Int
    public let byteCount: Int

    public var elementCount: Int { dimensions.reduce(1, *) }
    public var rowLength: Int { dimensions.first ?? 1 }
    /// Rows of `rowLength` elements: every dimension but the first multiplied together.
    public var rowCount: Int { dimensions.dropFirst().reduce(1, *) }
}
