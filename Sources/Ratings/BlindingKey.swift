import Foundation
import Support

/// Which source each blinded answer came from: kept apart from the rating sheet (raters never see
/// it) and needed again to import their ratings. One item is one case's answer from one source,
/// shown under a neutral label ("A", "B", ...) drawn per case from the seed. The key carries the
/// whole rubric, so a sheet is read against exactly the scales it was made with.
///
/// Written as `consilium.blinding-key` version 2; the tumor board's version-1 keys
/// (`consilium.tumorboard.blinding-key`: one `rating` on a scale, with `most_useful`) still read.
public struct BlindingKey: Hashable, Sendable {
    public static let format = "consilium.blinding-key"
    public static let version = 2
    public static let tumorBoardFormat = "consilium.tumorboard.blinding-key"

    public struct Item: Hashable, Sendable {
        /// "<case>/<label>", the id in the sheet's `item` column.
        public let id: String
        public let caseID: String
        public let label: String
        public let source: String

        public init(id: String, caseID: String, label: String, source: String) {
            self.id = id
            self.caseID = caseID
            self.label = label
            self.source = source
        }
    }

    public let seed: UInt64
    public let rubric: Rubric
    /// The per-case pick column of the sheet, nil when it has none.
    public let pick: Rubric.Pick?
    /// The SHA-256 of the sheet written with this key.
    public let sheetSHA256: String
    public let sources: [String]
    /// In sheet order: cases in order, labels in order within a case.
    public let items: [Item]
    private let index: [String: Int]

    public init(seed: UInt64, rubric: Rubric, pick: Rubric.Pick?, sheetSHA256: String, sources: [String], items: [Item]) {
        self.seed = seed
        self.rubric = rubric
        self.pick = pick
        self.sheetSHA256 = sheetSHA256
        self.sources = sources
        self.items = items
        index = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func item(_ id: String) -> Item? { index[id].map { items[$0] } }
    public var caseIDs: [String] { items.map(\.caseID).reduce(into: []) { if $0.last != $1 { $0.append($1) } } }

    // MARK: JSON

    public var json: JSONValue {
        .object([
            "format": .string(Self.format), "version": .number(Double(Self.version)), "seed": .string(String(seed)),
            "rubric": rubric.json, "pick": pick.map { .object(["id": .string($0.id), "question": .string($0.question)]) } ?? .null,
            "sheet_sha256": .string(sheetSHA256), "sources": .array(sources.map { .string($0) }),
            "items": .array(items.map { .object(["item": .string($0.id), "case": .string($0.caseID), "label": .string($0.label),
                                                 "source": .string($0.source)]) }),
        ])
    }

    public static func read(path: String) throws -> BlindingKey {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RatingsInputError(source: path, location: "file", reason: "cannot read the blinding key")
        }
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch {
            throw RatingsInputError(source: name, location: "$", reason: "not JSON: \(error)")
        }
        return try read(value, source: name)
    }

    /// Either format; every problem of the key is named by its JSON path.
    public static func read(_ value: JSONValue, source: String) throws -> BlindingKey {
        func fail(_ path: String, _ reason: String) -> RatingsInputError { RatingsInputError(source: source, location: path, reason: reason) }
        let found = value["format"]?.stringValue
        let legacy = found == tumorBoardFormat
        guard found == format || legacy else {
            throw fail("$.format", "expected \"\(format)\" (or a version-1 \"\(tumorBoardFormat)\"), found \(value["format"]?.description ?? "nothing")")
        }
        let expectedVersion = legacy ? 1 : version
        guard value["version"]?.intValue == expectedVersion else {
            throw fail("$.version", "expected \(expectedVersion) for \(found ?? ""), found \(value["version"]?.description ?? "nothing")")
        }
        guard let seedText = value["seed"]?.stringValue, let seed = UInt64(seedText) else { throw fail("$.seed", "expected an unsigned integer as text") }
        let rubric: Rubric
        let pick: Rubric.Pick?
        if legacy {
            guard let low = value["scale"]?["min"]?.intValue, let high = value["scale"]?["max"]?.intValue,
                  let scale = RatingScale(minimum: low, maximum: high) else {
                throw fail("$.scale", "expected {\"min\": m, \"max\": n} with integers m < n")
            }
            rubric = Rubric.singleRating(scale: scale)
            pick = .mostUseful
        } else {
            guard let inline = value["rubric"] else { throw fail("$.rubric", "missing") }
            do { rubric = try Rubric.read(inline, source: source) } catch let errors as RatingsInputErrors {
                throw RatingsInputErrors(errors.errors.map { fail("$.rubric" + $0.location.dropFirst(), $0.reason) })
            } catch let error as RatingsInputError {
                throw fail("$.rubric" + error.location.dropFirst(), error.reason)
            }
            switch value["pick"] {
            case nil, .null?: pick = nil
            case let p?:
                guard let id = p["id"]?.stringValue, let question = p["question"]?.stringValue else {
                    throw fail("$.pick", "expected {\"id\": text, \"question\": text} or null")
                }
                pick = Rubric.Pick(id: id, question: question)
            }
        }
        guard let sheet = value["sheet_sha256"]?.stringValue else { throw fail("$.sheet_sha256", "missing") }
        guard let sources = value["sources"]?.arrayValue?.compactMap(\.stringValue) else { throw fail("$.sources", "expected a list of texts") }
        guard let list = value["items"]?.arrayValue else { throw fail("$.items", "expected a list") }
        let labelField = legacy ? "set" : "label"
        var items: [Item] = []
        var seen: Set<String> = []
        for (i, entry) in list.enumerated() {
            guard let id = entry["item"]?.stringValue, let caseID = entry["case"]?.stringValue, let label = entry[labelField]?.stringValue,
                  let source = entry["source"]?.stringValue else {
                throw fail("$.items[\(i)]", "expected item, case, \(labelField) and source (texts)")
            }
            guard sources.contains(source) else { throw fail("$.items[\(i)].source", "\"\(source)\" is not in $.sources") }
            guard seen.insert(id).inserted else { throw fail("$.items[\(i)].item", "\"\(id)\" is listed twice") }
            items.append(Item(id: id, caseID: caseID, label: label, source: source))
        }
        return BlindingKey(seed: seed, rubric: rubric, pick: pick, sheetSHA256: sheet, sources: sources, items: items)
    }
}
