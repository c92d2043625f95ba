import Foundation

/// The DrugBank open vocabulary (CC0): id, common name and " | "-separated synonyms per drug.
/// Common names win over synonyms; a key shared by several drugs' synonyms is ambiguous and
/// resolves to nothing.
public struct DrugVocabulary: Sendable {
    /// DrugBank id to common name.
    public let names: [DrugID: String]
    private let commonNames: [String: Set<DrugID>]
    private let synonyms: [String: Set<DrugID>]

    public static let empty = DrugVocabulary(names: [:], commonNames: [:], synonyms: [:])

    public var count: Int { names.count }

    private init(names: [DrugID: String], commonNames: [String: Set<DrugID>], synonyms: [String: Set<DrugID>]) {
        self.names = names
        self.commonNames = commonNames
        self.synonyms = synonyms
    }

    /// Reads DrugBank's `drugbank vocabulary.csv` (columns "DrugBank ID", "Common name", "Synonyms").
    public init(drugBankCSV path: String) throws {
        try self.init(table: CSVTable(path: path))
    }

    public init(table: CSVTable) throws {
        let columns = try table.columns(["DrugBank ID", "Common name", "Synonyms"])
        let (idColumn, nameColumn, synonymColumn) = (columns[0], columns[1], columns[2])
        var names: [DrugID: String] = [:]
        var common: [String: Set<DrugID>] = [:]
        var synonyms: [String: Set<DrugID>] = [:]
        for (record, line) in zip(table.records, table.lines) {
            let idText = record[idColumn].trimmingSpaces
            guard idText.hasPrefix("DB"), idText.count >= 7 else {
                throw OncologyInputError(source: table.source, location: "line \(line), column DrugBank ID",
                                         reason: "expected an id like DB00001, found \"\(idText)\"")
            }
            let id = DrugID(idText)
            let name = record[nameColumn].trimmingSpaces
            names[id] = name
            common[DrugName.key(name), default: []].insert(id)
            for synonym in record[synonymColumn].components(separatedBy: " | ") where !synonym.trimmingSpaces.isEmpty {
                synonyms[DrugName.key(synonym), default: []].insert(id)
            }
        }
        self.init(names: names, commonNames: common, synonyms: synonyms)
    }

    public enum Lookup: Equatable, Sendable {
        case commonName(DrugID)
        case synonym(DrugID)
        case ambiguous([DrugID])
        case absent
    }

    public func lookup(_ name: String) -> Lookup {
        let key = DrugName.key(name)
        guard !key.isEmpty else { return .absent }
        if let ids = commonNames[key] {
            if ids.count == 1, let id = ids.first { return .commonName(id) }
            return .ambiguous(ids.sorted())
        }
        if let ids = synonyms[key] {
            if ids.count == 1, let id = ids.first { return .synonym(id) }
            return .ambiguous(ids.sorted())
        }
        return .absent
    }
}
