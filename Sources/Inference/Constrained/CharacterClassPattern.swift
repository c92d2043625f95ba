/// The form of JSON Schema `pattern` that local decoding enforces: the whole string drawn from one
/// character class, `^[class]+$`, with `*`, `+`, `?`, `{n}`, `{m,}` or `{m,n}` as the count. This is
/// what identifier-like fields use (gene symbols `^[A-Z0-9-]+$`, codes `^[A-Z]{2,5}$`). Anything
/// else (alternation, groups, unanchored search) is refused by name, so a schema never seems
/// enforced when it is not.
///
/// Class members are printable ASCII other than `"` and `\` (both would need JSON escapes):
/// single characters, ranges `a-z`, the escapes `\d`, `\w`, `\.`, `\-`, `\_`, `\+`, and `-` first
/// or last as itself. Negated classes are refused.
struct CharacterClassPattern: Equatable {
    let characters: ByteSet
    let minLength: Int
    /// Int(Int32.max) when unbounded, as `StringRule` expects.
    let maxLength: Int

    static let form = "^[class]+$ (or *, ?, {n}, {m,}, {m,n})"

    /// Throws a reason (without the schema path, which the caller adds).
    init(parsing pattern: String) throws {
        let bytes = Array(pattern.utf8)
        guard bytes.count >= 5, bytes.first == UInt8(ascii: "^"), bytes.last == UInt8(ascii: "$"),
              bytes[1] == UInt8(ascii: "[") else {
            throw PatternError("only patterns of the form \(Self.form) can be enforced while decoding, found \"\(pattern)\"")
        }
        guard let close = Self.classEnd(bytes, from: 2) else {
            throw PatternError("the character class in \"\(pattern)\" is not closed")
        }
        characters = try Self.members(Array(bytes[2..<close]), pattern: pattern)
        (minLength, maxLength) = try Self.count(Array(bytes[(close + 1)..<(bytes.count - 1)]), pattern: pattern)
        if characters.isEmpty && minLength > 0 {
            throw PatternError("the character class in \"\(pattern)\" is empty")
        }
    }

    /// The index of the class's closing bracket (an escaped one does not close it).
    private static func classEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == UInt8(ascii: "]") && i > start { return i }
            i += 1
        }
        return nil
    }

    private static func members(_ body: [UInt8], pattern: String) throws -> ByteSet {
        if body.first == UInt8(ascii: "^") { throw PatternError("negated classes cannot be enforced while decoding (\"\(pattern)\")") }
        var set = ByteSet()
        var singles: [UInt8?] = []  // nil marks a class escape, which cannot end a range
        var i = 0
        while i < body.count {
            let b = body[i]
            if b == UInt8(ascii: "\\") {
                guard i + 1 < body.count else { throw PatternError("a trailing backslash in \"\(pattern)\"") }
                switch body[i + 1] {
                case UInt8(ascii: "d"):
                    for c in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(c) }
                    singles.append(nil)
                case UInt8(ascii: "w"):
                    for range in [UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                                  UInt8(ascii: "0")...UInt8(ascii: "9")] { for c in range { set.insert(c) } }
                    set.insert(UInt8(ascii: "_"))
                    singles.append(nil)
                case let e where [".", "-", "_", "+", "]", "[", "(", ")", "/", "*", "?", "$", "^"].map({ UInt8(ascii: $0) }).contains(e):
                    set.insert(e)
                    singles.append(e)
                default:
                    throw PatternError("the escape \\\(Character(Unicode.Scalar(body[i + 1]))) in \"\(pattern)\" cannot be enforced while decoding")
                }
                i += 2
                continue
            }
            let isRange = b == UInt8(ascii: "-") && i > 0 && i + 1 < body.count
            if isRange, let low = singles.last.flatMap({ $0 }) {
                let high = body[i + 1]
                guard high != UInt8(ascii: "\\"), low <= high else {
                    throw PatternError("the range in \"\(pattern)\" is not of the form a-z")
                }
                for c in low...high { try insert(c, into: &set, pattern: pattern) }
                singles.append(nil)
                i += 2
                continue
            }
            try insert(b, into: &set, pattern: pattern)
            singles.append(b)
            i += 1
        }
        return set
    }

    private static func insert(_ c: UInt8, into set: inout ByteSet, pattern: String) throws {
        guard c >= 0x20, c < 0x7F, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") else {
            throw PatternError("class members must be printable ASCII other than '\"' and '\\' (\"\(pattern)\")")
        }
        set.insert(c)
    }

    private static func count(_ suffix: [UInt8], pattern: String) throws -> (Int, Int) {
        let unbounded = Int(Int32.max)
        switch String(decoding: suffix, as: UTF8.self) {
        case "+": return (1, unbounded)
        case "*": return (0, unbounded)
        case "?": return (0, 1)
        case let text where text.hasPrefix("{") && text.hasSuffix("}"):
            let parts = text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            let numbers = parts.map { Int($0) }
            switch (parts.count, numbers.first ?? nil, numbers.count > 1 ? numbers[1] : nil) {
            case (1, let n?, _): return (n, n)
            case (2, let m?, nil) where parts[1].isEmpty: return (m, unbounded)
            case (2, let m?, let n?) where m <= n: return (m, n)
            default: break
            }
            throw PatternError("the count \(text) in \"\(pattern)\" is not {n}, {m,} or {m,n} with m <= n")
        default:
            throw PatternError("only patterns of the form \(form) can be enforced while decoding, found \"\(pattern)\"")
        }
    }
}

struct PatternError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
