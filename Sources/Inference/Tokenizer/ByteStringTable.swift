/// An interning table from byte strings to dense ids (0, 1, 2 … in insertion order).
///
/// Tokens are compared as bytes, never as Swift `String`s: `String` equality is canonical equivalence,
/// which would merge distinct vocabulary entries such as a precomposed and a decomposed "é".
/// Look-ups take a pointer and a length, so the encoders probe slices of their input without allocating.
struct ByteStringTable {
    /// All strings, back to back.
    private var storage: [UInt8] = []
    /// Start of string `i` in `storage` is `starts[i]`, its end `starts[i + 1]`.
    private var starts: [Int] = [0]
    /// Open-addressing slots holding `id + 1` (0 = empty); the count is a power of two.
    private var slots: [Int32]

    init(expectedCount: Int = 16) {
        var capacity = 16
        // Load factor at most 1/2 keeps linear probing short.
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        storage.reserveCapacity(expectedCount * 8)
        starts.reserveCapacity(expectedCount + 1)
    }

    var count: Int { starts.count - 1 }

    /// The bytes of string `id`.
    func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        storage[starts[Int(id)]..<starts[Int(id) + 1]]
    }

    func length(_ id: Int32) -> Int { starts[Int(id) + 1] - starts[Int(id)] }

    /// The id of the string, or nil when it is not in the table.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
        return storage.withUnsafeBufferPointer { stored in
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                let id = Int(entry - 1)
                let start = starts[id], end = starts[id + 1]
                if end - start == bytes.count, Self.equal(stored, start, bytes) { return Int32(id) }
                slot = (slot + 1) & mask
            }
        }
    }

    func find(_ bytes: [UInt8]) -> Int32? { bytes.withUnsafeBufferPointer { find($0) } }

    func find(_ text: String) -> Int32? { find(Array(text.utf8)) }

    /// Adds the string unless present; returns its id and whether it was new.
    @discardableResult
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        if let id = find(bytes) { return (id, false) }
        if (count + 1) * 2 > slots.count { grow() }
        let id = count
        storage.append(contentsOf: bytes)
        starts.append(storage.count)
        place(id)
        return (Int32(id), true)
    }

    @discardableResult
    mutating func intern(_ bytes: [UInt8]) -> (id: Int32, inserted: Bool) {
        bytes.withUnsafeBufferPointer { intern($0) }
    }

    private mutating func place(_ id: Int) {
        let mask = slots.count - 1
        let h = storage.withUnsafeBufferPointer { stored in
            Self.hash(UnsafeBufferPointer(rebasing: stored[starts[id]..<starts[id + 1]]))
        }
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(id + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for id in 0..<count { place(id) }
    }

    private static func equal(_ stored: UnsafeBufferPointer<UInt8>, _ start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<bytes.count where stored[start + i] != bytes[i] { return false }
        return true
    }

    /// FNV-1a, 64-bit: tokens are short, so a byte-at-a-time hash is cheap and spreads well enough.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        return h ^ (h >> 29)
    }
}
