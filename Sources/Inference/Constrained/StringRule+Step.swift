// MARK: Strings: well-formed UTF-8, JSON escapes, length in scalars

extension StringRule {
    @inline(__always)
    func step(_ f: inout RecognizerFrame, _ b: UInt8) -> StepResult {
        switch f.phase {
        case .stringOpen:
            guard b == UInt8(ascii: "\"") else { return .rejected }
            f.phase = .stringBody
            return .consumed
        case .stringBody:
            if b == UInt8(ascii: "\"") { return Int(f.count) >= minLength ? .finished : .rejected }
            guard Int(f.count) < maxLength, b >= 0x20 else { return .rejected }  // control bytes must be escaped
            if let characters {
                guard characters.contains(b) else { return .rejected }
                f.count += 1
                return .consumed
            }
            if b == UInt8(ascii: "\\") {
                f.phase = .stringEscape
            } else if b >= 0x80 {
                guard let (continuations, low, high) = Self.leadByte(b) else { return .rejected }
                f.pending = continuations
                f.low = low
                f.high = high
                f.phase = .stringContinuation
            }
            f.count += 1
            return .consumed
        case .stringContinuation:
            guard b >= f.low && b <= f.high else { return .rejected }
            f.pending -= 1
            f.low = 0x80
            f.high = 0xBF
            if f.pending == 0 { f.phase = .stringBody }
            return .consumed
        case .stringEscape:
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                f.phase = .stringBody
            case UInt8(ascii: "u"):
                f.pending = 4
                f.low = 0
                f.phase = .stringHex
            default:
                return .rejected
            }
            return .consumed
        case .stringHex:
            guard Self.isHexDigit(b) else { return .rejected }
            if f.pending == 4 {
                f.low = b == UInt8(ascii: "d") || b == UInt8(ascii: "D") ? 1 : 0
            } else if f.pending == 3 && f.low == 1 && !(UInt8(ascii: "0")...UInt8(ascii: "7")).contains(b) {
                // \uD800-\uDFFF are surrogate halves, which need a pair; a lone one is not a character.
                return .rejected
            }
            f.pending -= 1
            if f.pending == 0 { f.phase = .stringBody }
            return .consumed
        default:
            return .rejected
        }
    }

    /// Continuation bytes a UTF-8 lead byte needs and the range of the first one (which rules out overlong
    /// forms, surrogates and code points beyond U+10FFFF); nil for bytes that cannot lead.
    @inline(__always)
    static func leadByte(_ b: UInt8) -> (UInt8, UInt8, UInt8)? {
        switch b {
        case 0xC2...0xDF: return (1, 0x80, 0xBF)
        case 0xE0: return (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (2, 0x80, 0xBF)
        case 0xED: return (2, 0x80, 0x9F)
        case 0xF0: return (3, 0x90, 0xBF)
        case 0xF1...0xF3: return (3, 0x80, 0xBF)
        case 0xF4: return (3, 0x80, 0x8F)
        default: return nil
        }
    }

    @inline(__always)
    static func isHexDigit(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
    }
}
