import Foundation
import Oncology

/// One rater's filled-in sheet (the CSV `BlindedExport` wrote), checked against the blinding key.
/// The rater is named by the file (its name without the extension). Every problem is reported
/// with the file and line: an item id the key does not hold, a rating off the scale or not a whole
/// number, a most-useful mark that is not "x", two marks in one case, an item rated twice, and
/// missing columns. An empty rating cell is a set the rater did not rate.
public struct RatingSheet: Sendable {
    public struct Rating: Hashable, Sendable {
        public let item: String
        /// nil when the cell was left empty.
        public let value: Int?
        public let mostUseful: Bool
        public let comment: String
    }

    public static let required = ["item", "rating", "most_useful"]
    /// What counts as a most-useful mark; an empty cell is no mark.
    static let marks: Set<String> = ["x", "1", "yes", "y", "true"]

    public let rater: String
    public let path: String
    public let ratings: [Rating]

    public static func read(path: String, key: BlindingKey) throws -> RatingSheet {
        let table = try CSVTable(path: path)
        let name = table.source
        let rater = (name as NSString).deletingPathExtension
        let c = try table.columns(required)
        let commentColumn = table.header.firstIndex(of: "comment")
        var errors: [OncologyInputError] = []
        var ratings: [Rating] = []
        var seen: [String: Int] = [:]
        var marked: [String: (item: String, line: Int)] = [:]
        for (record, line) in zip(table.records, table.lines) {
            func fail(_ column: String, _ reason: String) {
                errors.append(OncologyInputError(source: name, location: "line \(line), column \(column)", reason: reason))
            }
            let id = record[c[0]].trimmingCharacters(in: .whitespaces)
            guard let item = key.item(id) else {
                fail("item", "unknown item id \"\(id)\": not in the blinding key (was the sheet made with another key?)")
                continue
            }
            if let first = seen.updateValue(line, forKey: id) { fail("item", "\"\(id)\" is rated twice (first on line \(first))") }
            let text = record[c[1]].trimmingCharacters(in: .whitespaces)
            var value: Int?
            if !text.isEmpty {
                if let number = Int(text), (key.scale.minimum...key.scale.maximum).contains(number) {
                    value = number
                } else {
                    fail("rating", "\"\(text)\" is not a whole number on the scale \(key.scale)")
                }
            }
            let mark = record[c[2]].trimmingCharacters(in: .whitespaces).lowercased()
            let mostUseful = marks.contains(mark)
            if !mark.isEmpty, !mostUseful { fail("most_useful", "\"\(record[c[2]])\" is not a mark: write x, or leave it empty") }
            if mostUseful, let other = marked.updateValue((id, line), forKey: item.caseID) {
                fail("most_useful", "case \(item.caseID) has a second most-useful mark (\(other.item) on line \(other.line) is marked too)")
            }
            ratings.append(Rating(item: id, value: value, mostUseful: mostUseful, comment: commentColumn.map { record[$0].trimmingCharacters(in: .whitespaces) } ?? ""))
        }
        guard errors.isEmpty else { throw OncologyInputErrors(errors) }
        return RatingSheet(rater: rater, path: path, ratings: ratings)
    }
}
