/// Decoding of input bytes into code points for the pre-tokenizer.
enum UTF8Scalars {
    /// The code points of `bytes` and, for each, its start offset in `bytes` (plus the end offset last).
    /// An invalid sequence reads as one U+FFFD per byte, as llama.cpp's `unicode_cpts_from_utf8` does.
    static func decode(_ bytes: ArraySlice<UInt8>) -> (scalars: [UInt32], offsets: [Int]) {
        var scalars: [UInt32] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(bytes.count)
        offsets.reserveCapacity(bytes.count + 1)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            offsets.append(i)
            let b0 = UInt32(bytes[i])
            let length = sequenceLength(lead: bytes[i])
            var value: UInt32 = 0xFFFD
            var consumed = 1
            if length == 1 {
                value = b0
            } else if length > 1 && i + length <= end {
                var v = b0 & (0xFF >> (length + 1))
                var valid = true
                for k in 1..<length {
                    let b = UInt32(bytes[i + k])
                    if b & 0xC0 != 0x80 { valid = false; break }
                    v = v << 6 | (b & 0x3F)
                }
                if valid { value = v; consumed = length }
            }
            scalars.append(value)
            i += consumed
        }
        offsets.append(end)
        return (scalars, offsets)
    }

    /// Bytes in the sequence a lead byte starts (0 for a continuation or invalid byte).
    static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC0...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF7: return 4
        default: return 0
        }
    }
}
