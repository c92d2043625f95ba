import Foundation
@testable import Inference

/// Writes small GGUF files byte by byte, so tests can make valid ones and then break them on purpose.
struct GGUFBuilder {
    enum Value {
        case u32(UInt32), i32(Int32), f32(Float), bool(Bool), string(String), strings([String]), raw(type: UInt32, bytes: [UInt8])
    }
    struct Tensor { var name: String; var dims: [UInt64]; var type: UInt32; var data: [UInt8]; var offsetOverride: UInt64? = nil }

    var version: UInt32 = 3
    var alignment = 32
    var metadata: [(String, Value)] = [("general.architecture", .string("llama"))]
    var tensors: [Tensor] = []
    var tensorCountOverride: UInt64?
    var kvCountOverride: UInt64?

    func build() -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func str(_ s: String) { u64(UInt64(s.utf8.count)); out += Array(s.utf8) }
        out += Array("GGUF".utf8)
        u32(version)
        u64(tensorCountOverride ?? UInt64(tensors.count))
        u64(kvCountOverride ?? UInt64(metadata.count))
        for (key, value) in metadata {
            str(key)
            switch value {
            case .u32(let v): u32(4); u32(v)
            case .i32(let v): u32(5); u32(UInt32(bitPattern: v))
            case .f32(let v): u32(6); u32(v.bitPattern)
            case .bool(let v): u32(7); out.append(v ? 1 : 0)
            case .string(let s): u32(8); str(s)
            case .strings(let items): u32(9); u32(8); u64(UInt64(items.count)); items.forEach(str)
            case .raw(let type, let bytes): u32(type); out += bytes
            }
        }
        var offset: UInt64 = 0
        var offsets: [UInt64] = []
        for t in tensors {
            str(t.name)
            u32(UInt32(t.dims.count))
            t.dims.forEach(u64)
            u32(t.type)
            let o = t.offsetOverride ?? offset
            offsets.append(o)
            u64(o)
            offset += UInt64((t.data.count + alignment - 1) / alignment * alignment)
        }
        while out.count % alignment != 0 { out.append(0) }
        for t in tensors {
            out += t.data
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }

    /// A valid two-tensor file: an F32 vector and a Q8_0 matrix of 2 rows x 32.
    static func valid() -> GGUFBuilder {
        var b = GGUFBuilder()
        b.metadata.append(("llama.block_count", .u32(1)))
        b.metadata.append(("tokenizer.ggml.tokens", .strings(["a", "b", "c"])))
        let vector = (0..<8).flatMap { i in withUnsafeBytes(of: Float(i).bitPattern.littleEndian, Array.init) }
        var q8: [UInt8] = []
        for row in 0..<2 {
            q8 += withUnsafeBytes(of: Float16(0.5).bitPattern.littleEndian, Array.init)
            q8 += (0..<32).map { UInt8(bitPattern: Int8($0 - 16 + row)) }
        }
        b.tensors = [Tensor(name: "norm.weight", dims: [8], type: 0, data: vector),
                     Tensor(name: "blk.0.ffn_up.weight", dims: [32, 2], type: 8, data: q8)]
        return b
    }
}
