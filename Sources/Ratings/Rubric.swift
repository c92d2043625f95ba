import Foundation
import Support

/// What raters (people or judge models) score an answer on: a named list of dimensions, each an
/// integer scale with a one-line question and optional anchor texts per point, and optionally a
/// per-case pick ("mark the one most useful answer of this case").
///
/// Built only through `init`, which checks what a sheet and a judge schema rely on: at least one
/// dimension, ids usable as CSV column names and distinct from each other and from the sheet's own
/// columns, anchors on their scale.
public struct Rubric: Hashable, Sendable {
    public struct Dimension: Hashable, Sendable {
        /// The sheet's column name and the judge reply's key, e.g. `correctness`.
        public let id: String
        /// One line for raters, e.g. "Is the answer medically correct?".
        public let question: String
        public let scale: RatingScale
        /// Texts for some or all points of the scale (1 = "wrong or harmful").
        public let anchors: [Int: String]

        public init(id: String, question: String, scale: RatingScale, anchors: [Int: String] = [:]) {
            self.id = id
            self.question = question
            self.scale = scale
            self.anchors = anchors
        }
    }

    /// A column where raters mark one answer per case (e.g. `most_useful`).
    public struct Pick: Hashable, Sendable {
        public let id: String
        public let question: String

        public init(id: String, question: String) {
            self.id = id
            self.question = question
        }

        /// The tumor board's: one option set per case marked as the most useful.
        public static let mostUseful = Pick(id: "most_useful", question: "Mark with x the one option set of this case you find most useful.")
    }

    public static let format = "consilium.rubric"
    public static let version = 1
    /// Columns every blinded sheet has; no dimension or pick may take their names.
    public static let reservedColumns: Set<String> = ["item", "case", "answer", "comment", "rater"]

    public let name: String
    public let title: String
    public let dimensions: [Dimension]
    public let pick: Pick?

    /// Throws `RatingsInputError`s (source "<rubric NAME>") naming each problem by JSON path.
    public init(name: String, title: String, dimensions: [Dimension], pick: Pick? = nil) throws {
        let problems = Self.problems(dimensions: dimensions, pick: pick)
        guard problems.isEmpty else {
            throw RatingsInputErrors(problems.map { RatingsInputError(source: "<rubric \(name)>", location: $0.path, reason: $0.reason) })
        }
        self.name = name
        self.title = title
        self.dimensions = dimensions
        self.pick = pick
    }

    public func dimension(_ id: String) -> Dimension? { dimensions.first { $0.id == id } }

    /// The single-dimension rubric `rating` on `scale` with the tumor board's most-useful pick:
    /// what `--scale` and a version-1 tumor-board key mean. On 1-5 it is `usefulness.json`.
    public static func singleRating(scale: RatingScale) -> Rubric {
        let anchors = scale == .usefulness ? [1: "not useful", 5: "very useful"] : [:]
        let dimension = Dimension(id: "rating", question: "How useful is this option set for the patient?", scale: scale, anchors: anchors)
        // The fixed id, anchors and pick satisfy every check of `init`.
        return Rubric(checked: scale == .usefulness ? "usefulness" : "rating-\(scale)",
                      title: "Usefulness of an option set, \(scale)", dimensions: [dimension], pick: .mostUseful)
    }

    private init(checked name: String, title: String, dimensions: [Dimension], pick: Pick?) {
        self.name = name
        self.title = title
        self.dimensions = dimensions
        self.pick = pick
    }

    // MARK: Checks

    /// A column name a spreadsheet keeps as typed: a lower-case letter, then letters, digits or `_`.
    static func isColumnName(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    static func problems(dimensions: [Dimension], pick: Pick?) -> [(path: String, reason: String)] {
        var out: [(String, String)] = []
        if dimensions.isEmpty { out.append(("$.dimensions", "a rubric needs at least one dimension")) }
        var seen: Set<String> = []
        for (i, d) in dimensions.enumerated() {
            let path = "$.dimensions[\(i)]"
            if !isColumnName(d.id) {
                out.append(("\(path).id", "\"\(d.id)\" is not a column name: a lower-case letter, then a-z, 0-9 or _"))
            } else if reservedColumns.contains(d.id) {
                out.append(("\(path).id", "\"\(d.id)\" is a column every sheet has already"))
            } else if !seen.insert(d.id).inserted {
                out.append(("\(path).id", "\"\(d.id)\" is the id of an earlier dimension"))
            }
            if d.question.allSatisfy(\.isWhitespace) { out.append(("\(path).question", "empty")) }
            for point in d.anchors.keys.sorted() where !d.scale.contains(point) {
                out.append(("\(path).anchors.\(point)", "\(point) is not on the scale \(d.scale)"))
            }
        }
        if let pick {
            if !isColumnName(pick.id) {
                out.append(("$.pick.id", "\"\(pick.id)\" is not a column name: a lower-case letter, then a-z, 0-9 or _"))
            } else if reservedColumns.contains(pick.id) || seen.contains(pick.id) {
                out.append(("$.pick.id", "\"\(pick.id)\" is already a column of the sheet"))
            }
        }
        return out
    }

    // MARK: JSON

    /// The file form (`Prompts/rubrics/NAME.json`); its canonical text is what `hash` covers.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "format": .string(Self.format), "version": .number(Double(Self.version)), "name": .string(name), "title": .string(title),
            "dimensions": .array(dimensions.map { d in
                var anchors: [String: JSONValue] = [:]
                for (point, text) in d.anchors { anchors[String(point)] = .string(text) }
                return .object(["id": .string(d.id), "question": .string(d.question),
                                "scale": .object(["min": .number(Double(d.scale.minimum)), "max": .number(Double(d.scale.maximum))]),
                                "anchors": .object(anchors)])
            }),
        ]
        if let pick { members["pick"] = .object(["id": .string(pick.id), "question": .string(pick.question)]) }
        return .object(members)
    }

    /// The SHA-256 of the canonical JSON: two rubrics with the same hash ask the same questions on the same scales.
    public var hash: ContentHash { ContentHash.of(json) }
}
