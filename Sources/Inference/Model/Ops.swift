#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The element-wise operations of the forward pass, written to round as ggml's CPU backend does,
/// since parity with llama.cpp's logits is how the inference core is checked.
enum Ops {
    // MARK: Normalization

    /// y = x / sqrt(mean(x^2) + eps) * weight. The sum of squares is accumulated in Double as ggml does.
    static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count n: Int, epsilon: Float,
                        into y: UnsafeMutablePointer<Float>) {
        var sum: Double = 0
        for i in 0..<n { sum += Double(x[i] * x[i]) }
        let mean = Float(sum / Double(n))
        let scale = 1 / sqrtf(mean + epsilon)
        for i in 0..<n { y[i] = x[i] * scale * weight[i] }
    }

    // MARK: Rotary position embedding

    /// Fills cos/sin tables for one position, as ggml's rope cache: theta advances by multiplying
    /// with base^(-2/dims) in Float, and cos/sin are taken in Float.
    static func ropeAngles(position: Int, dimensions: Int, base: Float, scale: Float,
                           cos cosOut: UnsafeMutablePointer<Float>, sin sinOut: UnsafeMutablePointer<Float>) {
        let thetaScale = powf(base, -2 / Float(dimensions))
        var theta = Float(position)
        for i in 0..<(dimensions / 2) {
            let t = scale * theta
            cosOut[i] = cosf(t)
            sinOut[i] = sinf(t)
            theta *= thetaScale
        }
    }

    /// Rotates the first `dimensions` values of each head in place. ggml's `rotate_pairs` computes
    /// x0*cos - x1*sin and x0*sin + x1*cos, which its compiler contracts to fused multiply-adds of the
    /// x0 product onto the rounded x1 product; mirrored here (it decides the low bit of ~15% of values).
    static func rope(_ x: UnsafeMutablePointer<Float>, heads: Int, headWidth: Int, dimensions: Int,
                     style: ArchitectureTraits.RopeStyle, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>) {
        let half = dimensions / 2
        for h in 0..<heads {
            let v = x + h * headWidth
            switch style {
            case .adjacentPairs:
                for i in 0..<half {
                    let a = v[2 * i], b = v[2 * i + 1]
                    v[2 * i] = (-(b * sin[i])).addingProduct(a, cos[i])
                    v[2 * i + 1] = (b * cos[i]).addingProduct(a, sin[i])
                }
            case .halves:
                for i in 0..<half {
                    let a = v[i], b = v[i + half]
                    v[i] = (-(b * sin[i])).addingProduct(a, cos[i])
                    v[i + half] = (b * cos[i]).addingProduct(a, sin[i])
                }
            }
        }
    }

    // MARK: Gated activations

    /// gate[i] = silu(gate[i]) * up[i], with ggml's vectorized exp as `ggml_vec_swiglu_f32` uses it.
    static func swiGLU(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            gate[i] = g / (1 + Attention.vectorExp(-g)) * up[i]
        }
    }

    /// gate[i] = gelu(gate[i]) * up[i] with ggml's GELU: a table of f16 results indexed by the
    /// f16 of the input, saturating outside [-10, 10].
    static func geGLU(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        geluTable.withUnsafeBufferPointer { table in
            for i in 0..<count {
                let x = gate[i]
                let g: Float
                if x <= -10 { g = 0 } else if x >= 10 { g = x } else {
                    g = Float(Float16(bitPattern: table[Int(Float16(x).bitPattern)]))
                }
                gate[i] = g * up[i]
            }
        }
    }

    /// ggml's tanh-approximated GELU of every f16 value, stored as f16 bits. ggml's compiler contracts
    /// `1 + a*x*x` to fma(a*x, x, 1); without that one entry in ~10^4 used ones is an f16 ulp off.
    static let geluTable: [UInt16] = (0...UInt16.max).map { bits in
        let x = Float(Float16(bitPattern: bits))
        let sqrt2OverPi: Float = 0.79788456080286535587989211986876
        let coefA: Float = 0.044715
        let y = 0.5 * x * (1 + tanhf(sqrt2OverPi * x * Float(1).addingProduct(coefA * x, x)))
        return Float16(y).bitPattern
    }

    // MARK: Vectors

    static func add(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }

    static func scale(_ y: UnsafeMutablePointer<Float>, by s: Float, count: Int) {
        for i in 0..<count { y[i] *= s }
    }
}
