/// A key the line editor acts on.
enum Key: Equatable {
    case character(Character)
    case enter, tab, backspace, delete
    case left, right, home, end, up, down
    /// Ctrl-C, Ctrl-D, Ctrl-U (kill to start), Ctrl-K (kill to end), Ctrl-W (kill word before).
    case interrupt, endOfInput, killToStart, killToEnd, killWord
}

/// Turns the bytes a terminal sends in raw mode into keys: control bytes, the VT100/xterm escape
/// sequences for arrows, Home, End and Delete, and UTF-8 text. A sequence split across reads is
/// completed by the next `feed`; unknown sequences are dropped whole.
struct KeyDecoder {
    private var pending: [UInt8] = []

    mutating func feed(_ bytes: [UInt8]) -> [Key] {
        pending += bytes
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            guard let (key, length) = Self.decode(pending[index...]) else { break }  // incomplete: wait for more
            if let key { keys.append(key) }
            index += length
        }
        pending.removeFirst(index)
        return keys
    }

    /// The key at the start of `bytes` and its length; a nil key for bytes that mean nothing here;
    /// nil when the bytes end inside a sequence.
    private static func decode(_ bytes: ArraySlice<UInt8>) -> (Key?, Int)? {
        let first = bytes[bytes.startIndex]
        switch first {
        case 0x1B: return escape(bytes)
        case 0x01: return (.home, 1)          // Ctrl-A
        case 0x02: return (.left, 1)          // Ctrl-B
        case 0x03: return (.interrupt, 1)     // Ctrl-C
        case 0x04: return (.endOfInput, 1)    // Ctrl-D
        case 0x05: return (.end, 1)           // Ctrl-E
        case 0x06: return (.right, 1)         // Ctrl-F
        case 0x08, 0x7F: return (.backspace, 1)
        case 0x09: return (.tab, 1)
        case 0x0A, 0x0D: return (.enter, 1)
        case 0x0B: return (.killToEnd, 1)     // Ctrl-K
        case 0x0E: return (.down, 1)          // Ctrl-N
        case 0x10: return (.up, 1)            // Ctrl-P
        case 0x15: return (.killToStart, 1)   // Ctrl-U
        case 0x17: return (.killWord, 1)      // Ctrl-W
        case 0..<0x20: return (nil, 1)
        default: return utf8(bytes)
        }
    }

    /// ESC [ A..D, ESC [ H/F, ESC O H/F, ESC [ n ~ (1/7 Home, 4/8 End, 3 Delete).
    private static func escape(_ bytes: ArraySlice<UInt8>) -> (Key?, Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let kind = bytes[start + 1]
        guard kind == UInt8(ascii: "[") || kind == UInt8(ascii: "O") else { return (nil, 2) }
        // Parameters are digits and ';'; the sequence ends at the first other byte.
        var end = start + 2
        while end < bytes.endIndex, (0x30...0x3B).contains(bytes[end]) { end += 1 }
        guard end < bytes.endIndex else { return nil }
        let length = end - start + 1
        let parameters = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
        switch bytes[end] {
        case UInt8(ascii: "A"): return (.up, length)
        case UInt8(ascii: "B"): return (.down, length)
        case UInt8(ascii: "C"): return (.right, length)
        case UInt8(ascii: "D"): return (.left, length)
        case UInt8(ascii: "H"): return (.home, length)
        case UInt8(ascii: "F"): return (.end, length)
        case UInt8(ascii: "~"):
            switch parameters {
            case "1", "7": return (.home, length)
            case "4", "8": return (.end, length)
            case "3": return (.delete, length)
            default: return (nil, length)
            }
        default: return (nil, length)
        }
    }

    /// One UTF-8 encoded character; an invalid lead or continuation byte is dropped alone.
    private static func utf8(_ bytes: ArraySlice<UInt8>) -> (Key?, Int)? {
        let first = bytes[bytes.startIndex]
        let length: Int
        switch first {
        case 0x20..<0x80: length = 1
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return (nil, 1)
        }
        guard bytes.count >= length else { return nil }
        let sequence = bytes.prefix(length)
        guard sequence.dropFirst().allSatisfy({ $0 & 0xC0 == 0x80 }),
              let text = String(validating: sequence, as: UTF8.self),
              let character = text.first else { return (nil, 1) }
        return (.character(character), length)
    }
}
