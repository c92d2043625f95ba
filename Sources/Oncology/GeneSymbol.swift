/// A gene symbol as HGNC writes it ("KRAS", "C11orf30"); compared without regard to case, since
/// reports and knowledge bases differ in case ("Kras", "KRAS").
public struct GeneSymbol: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The symbol as given.
    public let text: String
    /// The upper-cased symbol that equality uses.
    public let key: String

    /// nil for an empty symbol or one with characters no HGNC symbol has (spaces, punctuation
    /// other than "-", "." and "_").
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty, trimmed.count <= 30,
              trimmed.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._".unicodeScalars.contains($0)) }),
              trimmed.first?.isLetter == true
        else { return nil }
        self.text = trimmed
        key = trimmed.uppercased()
    }

    public static func == (a: GeneSymbol, b: GeneSymbol) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public static func < (a: GeneSymbol, b: GeneSymbol) -> Bool { a.key < b.key }
    public var description: String { text }
}
