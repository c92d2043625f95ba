/// GPT-2's reversible byte-to-unicode mapping: byte-level BPE vocabularies spell every byte as a printable
/// character, so token texts never contain spaces or control bytes.
///
/// Printable Latin-1 bytes ('!'…'~', '¡'…'¬', '®'…'ÿ') map to the same code point; the other 68 bytes map, in
/// byte order, to U+0100, U+0101, … (so a space becomes 'Ġ' U+0120 and a newline 'Ċ' U+010A).
enum ByteLevelMapping {
    /// The UTF-8 encoding of the character standing for each byte.
    static let encodedByte: [[UInt8]] = (0..<256).map { Array(String(Character(scalar(for: UInt8($0)))).utf8) }

    /// The byte a mapped code point stands for, or nil for a code point outside the mapping.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        decodeTable[scalar.value]
    }

    static func scalar(for byte: UInt8) -> Unicode.Scalar {
        // Every value is below U+0144, so the conversion cannot fail; "?" only satisfies the optional.
        Unicode.Scalar(scalarValues[Int(byte)]) ?? "?"
    }

    private static func isPrintable(_ b: Int) -> Bool {
        (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
    }

    private static let scalarValues: [UInt32] = {
        var values = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 0x100
        for b in 0..<256 {
            if isPrintable(b) {
                values[b] = UInt32(b)
            } else {
                values[b] = next
                next += 1
            }
        }
        return values
    }()

    private static let decodeTable: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for b in 0..<256 { table[scalarValues[b]] = UInt8(b) }
        return table
    }()
}
