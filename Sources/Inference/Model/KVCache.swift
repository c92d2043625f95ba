/// Keys and values of every layer for the positions seen so far, stored as f16 like llama.cpp's
/// default cache (half the memory of f32, and the same rounding as the reference outputs).
///
/// Layout: keys[layer][position][kvHead * keyLength], values[layer][position][kvHead * valueLength].
final class KVCache {
    let capacity: Int
    let keyWidth: Int
    let valueWidth: Int
    let layerCount: Int
    let keys: UnsafeMutablePointer<Float16>
    let values: UnsafeMutablePointer<Float16>

    init(config: ModelConfig, capacity: Int) {
        self.capacity = capacity
        keyWidth = config.keyWidth
        valueWidth = config.valueWidth
        layerCount = config.layerCount
        keys = .allocate(capacity: layerCount * capacity * keyWidth)
        values = .allocate(capacity: layerCount * capacity * valueWidth)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    var byteCount: Int { layerCount * capacity * (keyWidth + valueWidth) * MemoryLayout<Float16>.size }

    @inline(__always) func keyRow(layer: Int, position: Int) -> UnsafeMutablePointer<Float16> {
        keys + (layer * capacity + position) * keyWidth
    }

    @inline(__always) func valueRow(layer: Int, position: Int) -> UnsafeMutablePointer<Float16> {
        values + (layer * capacity + position) * valueWidth
    }
}
