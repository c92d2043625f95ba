import Foundation
import Oncology
import Support

/// The integer scale raters use for each option set, e.g. 1 (not useful) to 5 (very useful).
public struct RatingScale: Hashable, Sendable, CustomStringConvertible {
    public let minimum: Int
    public let maximum: Int

    /// nil unless minimum < maximum: a one-point scale says nothing.
    public init?(minimum: Int, maximum: Int) {
        guard minimum < maximum else { return nil }
        self.init(checked: minimum, maximum)
    }

    private init(checked minimum: Int, _ maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// "1-5".
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]) else { return nil }
        self.init(minimum: low, maximum: high)
    }

    /// 1 (not useful) to 5 (very useful).
    public static let usefulness = RatingScale(checked: 1, 5)

    public var values: [Int] { Array(minimum...maximum) }
    public var description: String { "\(minimum)-\(maximum)" }
}

/// Which source each blinded option set came from: kept apart from the rating sheet (the raters
/// never see it) and needed again to import their ratings. One item is one case's set from one
/// source, shown under a neutral label ("A", "B", ...) drawn per case from the seed.
public struct BlindingKey: Hashable, Sendable {
    public static let format = "consilium.tumorboard.blinding-key"
    public static let version = 1

    public struct Item: Hashable, Sendable {
        /// "<case>/<label>", the id in the sheet's `item` column.
        public let id: String
        public let caseID: String
        public let label: String
        public let source: String
        public let optionCount: Int
    }

    public let seed: UInt64
    public let scale: RatingScale
    /// The SHA-256 of the sheet written with this key.
    public let sheetSHA256: String
    public let sources: [String]
    /// In sheet order: cases in order, labels in order within a case.
    public let items: [Item]

    public func item(_ id: String) -> Item? { items.first { $0.id == id } }
    public var caseIDs: [String] { items.map(\.caseID).reduce(into: []) { if $0.last != $1 { $0.append($1) } } }

    // MARK: JSON

    public var json: JSONValue {
        .object([
            "format": .string(Self.format), "version": .number(Double(Self.version)),
            "seed": .string(String(seed)), "scale": .object(["min": .number(Double(scale.minimum)), "max": .number(Double(scale.maximum))]),
            "sheet_sha256": .string(sheetSHA256), "sources": .array(sources.map { .string($0) }),
            "items": .array(items.map { .object(["item": .string($0.id), "case": .string($0.caseID), "set": .string($0.label),
                                                 "source": .string($0.source), "options": .number(Double($0.optionCount))]) }),
        ])
    }

    public static func read(path: String) throws -> BlindingKey {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read the blinding key")
        }
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch {
            throw OncologyInputError(source: name, location: "$", reason: "not JSON: \(error)")
        }
        return try read(value, source: name)
    }

    /// Every problem of the key is named by its JSON path.
    public static func read(_ value: JSONValue, source: String) throws -> BlindingKey {
        func fail(_ path: String, _ reason: String) -> OncologyInputError { OncologyInputError(source: source, location: path, reason: reason) }
        guard value["format"]?.stringValue == format else {
            throw fail("$.format", "expected \"\(format)\", found \(value["format"]?.description ?? "nothing")")
        }
        guard value["version"]?.intValue == version else { throw fail("$.version", "expected \(version), found \(value["version"]?.description ?? "nothing")") }
        guard let seedText = value["seed"]?.stringValue, let seed = UInt64(seedText) else { throw fail("$.seed", "expected an unsigned integer as text") }
        guard let low = value["scale"]?["min"]?.intValue, let high = value["scale"]?["max"]?.intValue,
              let scale = RatingScale(minimum: low, maximum: high) else {
            throw fail("$.scale", "expected {\"min\": m, \"max\": n} with integers m < n")
        }
        guard let sheet = value["sheet_sha256"]?.stringValue else { throw fail("$.sheet_sha256", "missing") }
        guard let sources = value["sources"]?.arrayValue?.compactMap(\.stringValue) else { throw fail("$.sources", "expected a list of texts") }
        guard let list = value["items"]?.arrayValue else { throw fail("$.items", "expected a list") }
        var items: [Item] = []
        var seen: Set<String> = []
        for (i, entry) in list.enumerated() {
            guard let id = entry["item"]?.stringValue, let caseID = entry["case"]?.stringValue, let label = entry["set"]?.stringValue,
                  let source = entry["source"]?.stringValue, let count = entry["options"]?.intValue else {
                throw fail("$.items[\(i)]", "expected item, case, set, source (texts) and options (integer)")
            }
            guard sources.contains(source) else { throw fail("$.items[\(i)].source", "\"\(source)\" is not in $.sources") }
            guard seen.insert(id).inserted else { throw fail("$.items[\(i)].item", "\"\(id)\" is listed twice") }
            items.append(Item(id: id, caseID: caseID, label: label, source: source, optionCount: count))
        }
        return BlindingKey(seed: seed, scale: scale, sheetSHA256: sheet, sources: sources, items: items)
    }
}
