import Foundation

/// The lookup key of a drug name: lower case, accents folded, letters and digits only, so that
/// "AMG 510", "AMG-510" and "amg510", or "trastuzumab-deruxtecan" and "Trastuzumab deruxtecan",
/// meet. Distinct drugs sharing a key are kept apart by the vocabulary (an ambiguous key resolves
/// to nothing rather than to a guess).
public enum DrugName {
    public static func key(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return String(String.UnicodeScalarView(folded.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    /// Lower case with runs of spaces made single: the display form of unresolved text.
    public static func tidy(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}

/// A drug's identity after normalization: a DrugBank id ("DB15569"), or, for a drug the
/// vocabulary lacks, "name:" and its alias-table name ("name:sirpiglenastat").
public struct DrugID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public static func < (a: DrugID, b: DrugID) -> Bool { a.value < b.value }
    public var description: String { value }
}
