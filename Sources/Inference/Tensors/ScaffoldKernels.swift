// Development scaffold: float reference kernels for Q4_1/Q8_0/F32/F16 until the quantized kernels land.
public struct WeightMatrix: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    public init(base: UnsafeRawPointer, type: GGMLType, rows: Int, columns: Int) {
        self.base = base; self.type = type; self.rows = rows; self.columns = columns
    }
    public var rowBytes: Int { columns / type.blockSize * type.bytesPerBlock }
}

public struct UnsupportedTensorType: Error { public let type: GGMLType }

public enum Dequantize {
    public static func row(_ type: GGMLType, from src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) throws {
        switch type {
        case .f32: for i in 0..<count { dst[i] = src.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
        case .f16: for i in 0..<count { dst[i] = Float(src.loadUnaligned(fromByteOffset: 2 * i, as: Float16.self)) }
        case .q8_0:
            for b in 0..<(count / 32) {
                let blk = src + b * 34
                let d = Float(blk.loadUnaligned(as: Float16.self))
                for j in 0..<32 { dst[b * 32 + j] = d * Float(blk.load(fromByteOffset: 2 + j, as: Int8.self)) }
            }
        case .q4_1:
            for b in 0..<(count / 32) {
                let blk = src + b * 20
                let d = Float(blk.loadUnaligned(as: Float16.self))
                let m = Float(blk.loadUnaligned(fromByteOffset: 2, as: Float16.self))
                for j in 0..<16 {
                    let q = blk.load(fromByteOffset: 4 + j, as: UInt8.self)
                    dst[b * 32 + j] = Float(q & 0xF) * d + m
                    dst[b * 32 + j + 16] = Float(q >> 4) * d + m
                }
            }
        default: throw UnsupportedTensorType(type: type)
        }
    }
}

public enum MatMul {
    public static func activationType(for weightType: GGMLType) -> GGMLType { .f32 }
    public static func activationRowBytes(for weightType: GGMLType, columns: Int) -> Int { columns * 4 }
    public static func quantizeActivations(_ x: UnsafePointer<Float>, rows: Int, columns: Int, for weightType: GGMLType, into out: UnsafeMutableRawPointer) {
        out.copyMemory(from: x, byteCount: rows * columns * 4)
    }
    public static func multiply(_ w: WeightMatrix, rows rowRange: Range<Int>, activations: UnsafeRawPointer, tokens: Int, output: UnsafeMutablePointer<Float>, outputStride: Int) {
        let a = activations.assumingMemoryBound(to: Float.self)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: w.columns) { row in
            for r in rowRange {
                try? Dequantize.row(w.type, from: w.base + r * w.rowBytes, count: w.columns, into: row.baseAddress!)
                for t in 0..<tokens {
                    var s: Float = 0
                    for i in 0..<w.columns { s += row[i] * a[t * w.columns + i] }
                    output[t * outputStride + r] = s
                }
            }
        }
    }
}
