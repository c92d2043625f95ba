/// The character classes the pre-tokenizer scanners test, as llama.cpp's code point flags:
/// `\p{L}`, `\p{N}`, `\p{P}` by Unicode general category, `\s` by the White_Space property.
struct ScalarClass: OptionSet, Sendable {
    let rawValue: UInt8

    static let letter = ScalarClass(rawValue: 1 << 0)
    static let number = ScalarClass(rawValue: 1 << 1)
    static let whitespace = ScalarClass(rawValue: 1 << 2)
    static let punctuation = ScalarClass(rawValue: 1 << 3)

    /// The class of every scalar, ASCII from a table and the rest from the Unicode properties.
    static func classify(_ scalars: [UInt32]) -> [ScalarClass] {
        scalars.map { value in
            if value < 128 { return ascii[Int(value)] }
            guard let scalar = Unicode.Scalar(value) else { return [] }
            return of(scalar)
        }
    }

    static func of(_ scalar: Unicode.Scalar) -> ScalarClass {
        let properties = scalar.properties
        var result: ScalarClass = properties.isWhitespace ? .whitespace : []
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            result.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber:
            result.insert(.number)
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            result.insert(.punctuation)
        default:
            break
        }
        return result
    }

    private static let ascii: [ScalarClass] = (0..<128).map { of(Unicode.Scalar(UInt8($0))) }
}
