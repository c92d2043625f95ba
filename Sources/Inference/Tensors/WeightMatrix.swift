/// A row-major weight matrix viewed in place in the memory-mapped file: `rows` output features,
/// each row `columns` input weights stored as `columns / type.blockSize` blocks.
///
/// The creator (the model loader) guarantees that `columns` is a multiple of `type.blockSize`
/// and that `rows * rowBytes` bytes are readable at `base`; the GGUF reader checks both.
public struct WeightMatrix: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let type: GGMLType
    public let rows: Int
    public let columns: Int

    public init(base: UnsafeRawPointer, type: GGMLType, rows: Int, columns: Int) {
        self.base = base
        self.type = type
        self.rows = rows
        self.columns = columns
    }

    /// Bytes of one row.
    public var rowBytes: Int { columns / type.blockSize * type.bytesPerBlock }

    /// Start of row `row`.
    @inline(__always)
    public func row(_ row: Int) -> UnsafeRawPointer { base + row &* rowBytes }
}
