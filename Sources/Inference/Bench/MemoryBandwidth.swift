/// A STREAM-like read test: how fast the given threads can stream a buffer far larger than the
/// caches. Decode reads every weight once per token, so this is the ceiling its speed is judged by.
public enum MemoryBandwidth {
    /// Best read rate over `passes` full passes, in bytes per second.
    /// - Parameter bytes: buffer size; 512 MiB defeats the 32 MiB L3 of the benchmark machine.
    public static func measureRead(pool: ThreadPool, bytes: Int = 512 << 20, passes: Int = 5) -> Double {
        let lanes = bytes / MemoryLayout<SIMD16<Float>>.stride
        let buffer = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: lanes)
        defer { buffer.deallocate() }
        // Touch every page first, so page faults are not timed.
        let chunkLanes = 1 << 14   // 1 MiB per chunk: many chunks per thread balance the pool
        let chunks = (lanes + chunkLanes - 1) / chunkLanes
        pool.parallelFor(chunks: chunks) { c in
            for i in (c * chunkLanes)..<min(lanes, (c + 1) * chunkLanes) { buffer[i] = SIMD16(repeating: Float(i & 7)) }
        }
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: chunks)
        defer { sums.deallocate() }
        var best = 0.0
        for _ in 0..<passes {
            let start = MonotonicClock.seconds()
            pool.parallelFor(chunks: chunks) { c in
                // Four independent accumulators keep the adds off the critical path.
                var a = SIMD16<Float>(), b = SIMD16<Float>(), d = SIMD16<Float>(), e = SIMD16<Float>()
                var i = c * chunkLanes
                let end = min(lanes, i + chunkLanes)
                while i + 4 <= end {
                    a += buffer[i]; b += buffer[i + 1]; d += buffer[i + 2]; e += buffer[i + 3]
                    i += 4
                }
                while i < end { a += buffer[i]; i += 1 }
                sums[c] = (a + b + d + e).sum()   // a result the optimizer must keep
            }
            let seconds = MonotonicClock.seconds() - start
            best = max(best, Double(lanes * MemoryLayout<SIMD16<Float>>.stride) / seconds)
        }
        return best
    }
}
