import XCTest
@testable import Inference

/// Single operations against llama.cpp bit for bit: given llama.cpp's own inputs (layer 0 of real prompts),
/// our attention (both of ggml's paths), RoPE (both styles), SwiGLU and GeGLU must give its exact outputs.
///
/// The end-to-end parity tests cannot see a last-bit difference (the matrix kernels' summation order
/// hides it below their tolerance), yet Q8 activation rounding amplifies each one, so the rounding points
/// we mirror are pinned here. Fixtures: Fixtures/llamacpp/ops, from Benchmarks/parity/make_op_fixtures.py.
final class ParityOpsTests: XCTestCase {
    /// One entry of ops.json; which fields are present depends on `op`.
    struct Case: Decodable {
        var op: String
        var name: String
        var heads: Int?
        var width: Int?
        var tokens: Int?
        /// attention: the token rows (positions) whose queries and outputs are stored
        var rows: [Int]?
        var kv_heads: Int?
        var scale: Float?
        var path: String?
        var q: String?
        var k: String?
        var v: String?
        var out: String?
        /// rope
        var style: String?
        var base: Float?
        var `in`: String?
        /// gated activations
        var row_count: Int?
        var gate: String?
        var up: String?
    }

    struct Index: Decodable { var source: String; var cases: [Case] }

    static func cases(_ op: String) throws -> [Case] {
        let url = try TestModels.fixture("llamacpp/ops/ops.json")
        let found = try JSONDecoder().decode(Index.self, from: Data(contentsOf: url)).cases.filter { $0.op == op }
        XCTAssertFalse(found.isEmpty, "no \(op) case in ops.json")
        return found
    }

    static func load<T>(_ file: String?, as: T.Type) throws -> [T] {
        let name = try XCTUnwrap(file, "fixture file name missing")
        let data = try Data(contentsOf: try TestModels.fixture("llamacpp/ops/\(name)"))
        XCTAssertEqual(data.count % MemoryLayout<T>.size, 0, name)
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }

    /// Elements whose bits differ, and the first of them for the message.
    static func mismatches(_ got: [Float], _ want: [Float]) -> (count: Int, first: String) {
        var count = 0
        var first = ""
        for i in 0..<min(got.count, want.count) where got[i].bitPattern != want[i].bitPattern {
            if count == 0 { first = "element \(i): \(got[i]) vs llama.cpp \(want[i])" }
            count += 1
        }
        return (count + abs(got.count - want.count), first)
    }

    func testAttentionBothPathsMatchLlamaCppBitForBit() throws {
        var paths: Set<String> = []
        for c in try Self.cases("attention") {
            let heads = try XCTUnwrap(c.heads), kvHeads = try XCTUnwrap(c.kv_heads), width = try XCTUnwrap(c.width)
            let tokens = try XCTUnwrap(c.tokens), rows = try XCTUnwrap(c.rows), scale = try XCTUnwrap(c.scale)
            let q = try Self.load(c.q, as: Float.self), want = try Self.load(c.out, as: Float.self)
            let k = try Self.load(c.k, as: Float16.self), v = try Self.load(c.v, as: Float16.self)
            XCTAssertEqual(k.count, tokens * kvHeads * width, c.name)
            XCTAssertEqual(q.count, rows.count * heads * width, c.name)
            XCTAssertEqual(want.count, rows.count * heads * width, c.name)
            let path = Attention.Path.forBatch(tokens)
            XCTAssertEqual(path == .tiled ? "tiled" : "vector", c.path, "\(c.name): ggml's path for \(tokens) tokens")
            paths.insert(c.path ?? "")
            var got = [Float](repeating: .nan, count: want.count)
            let scratch = UnsafeMutableRawPointer.allocate(
                byteCount: Attention.scratchBytes(keyLength: width, valueLength: width), alignment: 64)
            defer { scratch.deallocate() }
            for (i, position) in rows.enumerated() {
                for h in 0..<heads {
                    let kvHead = h / (heads / kvHeads)
                    q.withUnsafeBufferPointer { qp in k.withUnsafeBufferPointer { kp in v.withUnsafeBufferPointer { vp in
                        got.withUnsafeMutableBufferPointer { op in
                            Attention.attend(query: qp.baseAddress! + (i * heads + h) * width, keyLength: width, valueLength: width,
                                             keys: kp.baseAddress! + kvHead * width, keyStride: kvHeads * width,
                                             values: vp.baseAddress! + kvHead * width, valueStride: kvHeads * width,
                                             positions: 0..<(position + 1), scale: scale, path: path,
                                             output: op.baseAddress! + (i * heads + h) * width, scratch: scratch)
                        }
                    }}}
                }
            }
            let bad = Self.mismatches(got, want)
            XCTAssertEqual(bad.count, 0, "\(c.name): \(bad.count) of \(want.count) outputs differ; \(bad.first)")
        }
        XCTAssertEqual(paths, ["vector", "tiled"], "the fixtures cover both of ggml's attention paths")
    }

    func testRoPEBothStylesMatchLlamaCppBitForBit() throws {
        for c in try Self.cases("rope") {
            let heads = try XCTUnwrap(c.heads), width = try XCTUnwrap(c.width), tokens = try XCTUnwrap(c.tokens)
            let base = try XCTUnwrap(c.base)
            let style: ArchitectureTraits.RopeStyle = c.style == "halves" ? .halves : .adjacentPairs
            var x = try Self.load(c.in, as: Float.self)
            let want = try Self.load(c.out, as: Float.self)
            XCTAssertEqual(x.count, tokens * heads * width, c.name)
            var cos = [Float](repeating: 0, count: width / 2), sin = cos
            for t in 0..<tokens {
                Ops.ropeAngles(position: t, dimensions: width, base: base, scale: 1, cos: &cos, sin: &sin)
                x.withUnsafeMutableBufferPointer { xp in
                    Ops.rope(xp.baseAddress! + t * heads * width, heads: heads, headWidth: width, dimensions: width,
                             style: style, cos: cos, sin: sin)
                }
            }
            let bad = Self.mismatches(x, want)
            XCTAssertEqual(bad.count, 0, "\(c.name): \(bad.count) of \(want.count) outputs differ; \(bad.first)")
        }
    }

    func testGatedActivationsMatchLlamaCppBitForBit() throws {
        for op in ["swiglu", "geglu"] {
            for c in try Self.cases(op) {
                var gate = try Self.load(c.gate, as: Float.self)
                let up = try Self.load(c.up, as: Float.self), want = try Self.load(c.out, as: Float.self)
                XCTAssertEqual(gate.count, try XCTUnwrap(c.row_count) * XCTUnwrap(c.width), c.name)
                gate.withUnsafeMutableBufferPointer { g in
                    if op == "swiglu" {
                        Ops.swiGLU(g.baseAddress!, up: up, count: g.count)
                    } else {
                        Ops.geGLU(g.baseAddress!, up: up, count: g.count)
                    }
                }
                let bad = Self.mismatches(gate, want)
                XCTAssertEqual(bad.count, 0, "\(c.name): \(bad.count) of \(want.count) outputs differ; \(bad.first)")
            }
        }
    }
}
