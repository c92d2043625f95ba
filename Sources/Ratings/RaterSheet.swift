import Foundation

/// One rater's ratings from a filled-in sheet, checked against the blinding key. A file is one
/// rater, named by the file (its name without the extension), unless it has a `rater` column:
/// then each row names its rater and one file may hold several.
public struct RaterSheet: Hashable, Sendable {
    public struct Rating: Hashable, Sendable {
        public let item: String
        /// By dimension id; a dimension whose cell was left empty is absent (not rated).
        public let values: [String: Int]
        /// Whether the pick column marks this answer.
        public let picked: Bool
        public let comment: String
        /// The sheet line it came from.
        public let line: Int
    }

    public let rater: String
    /// The file the ratings were read from.
    public let path: String
    public let ratings: [Rating]

    /// What counts as a pick mark; an empty cell is no mark.
    static let marks: Set<String> = ["x", "1", "yes", "y", "true"]

    /// The raters of one file, or every problem found in it: an unknown item id, a rating off its
    /// dimension's scale or not a whole number, an item rated twice by a rater, a missing column,
    /// a pick mark that is not one, two picks of a rater in one case. Each problem names the
    /// file, line and column.
    static func read(path: String, key: BlindingKey) -> Result<[RaterSheet], RatingsInputErrors> {
        let table: SheetTable
        switch SheetTable.read(path: path, requiredColumn: "item") {
        case .success(let t): table = t
        case .failure(let errors): return .failure(errors)
        }
        let name = table.source
        let required = ["item"] + key.rubric.dimensions.map(\.id) + (key.pick.map { [$0.id] } ?? [])
        let missing = required.filter { !table.header.contains($0) }
        guard missing.isEmpty else {
            return .failure(RatingsInputErrors([RatingsInputError(
                source: name, location: "line 1",
                reason: "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (header: \(table.header.joined(separator: ", ")))")]))
        }
        func column(_ id: String) -> Int { table.header.firstIndex(of: id) ?? 0 }
        let itemColumn = column("item")
        let raterColumn = table.header.firstIndex(of: "rater")
        let commentColumn = table.header.firstIndex(of: "comment")
        let pickColumn = key.pick.map { column($0.id) }
        let fileRater = (name as NSString).deletingPathExtension
        var errors: [RatingsInputError] = []
        var byRater: [String: [Rating]] = [:]
        var order: [String] = []
        var seen: [String: Int] = [:]
        var picked: [String: (item: String, line: Int)] = [:]
        for (record, line) in zip(table.records, table.lines) {
            func fail(_ column: String, _ reason: String) {
                errors.append(RatingsInputError(source: name, location: "line \(line), column \(column)", reason: reason))
            }
            let id = SheetTable.trim(record[itemColumn])
            var rater = fileRater
            if let raterColumn {
                rater = SheetTable.trim(record[raterColumn])
                if rater.isEmpty { fail("rater", "empty: write the rater's name (a sheet with a rater column names one in every row)"); continue }
            }
            guard let item = key.item(id) else {
                fail("item", "unknown item id \"\(id)\": not in the blinding key (was the sheet made with another key?)")
                continue
            }
            if let first = seen.updateValue(line, forKey: "\(rater)\n\(id)") {
                fail("item", "\"\(id)\" is rated twice by \(rater) (first on line \(first))")
            }
            var values: [String: Int] = [:]
            for d in key.rubric.dimensions {
                let text = SheetTable.trim(record[column(d.id)])
                guard !text.isEmpty else { continue }
                if let number = Int(text), d.scale.contains(number) {
                    values[d.id] = number
                } else {
                    fail(d.id, "\"\(text)\" is not a whole number on the scale \(d.scale)")
                }
            }
            var isPicked = false
            if let pick = key.pick, let pickColumn {
                let mark = SheetTable.trim(record[pickColumn]).lowercased()
                isPicked = marks.contains(mark)
                if !mark.isEmpty, !isPicked { fail(pick.id, "\"\(record[pickColumn])\" is not a mark: write x, or leave it empty") }
                if isPicked, let other = picked.updateValue((id, line), forKey: "\(rater)\n\(item.caseID)") {
                    fail(pick.id, "case \(item.caseID) has a second \(pick.id) mark by \(rater) (\(other.item) on line \(other.line) is marked too)")
                }
            }
            if byRater[rater] == nil { order.append(rater) }
            byRater[rater, default: []].append(Rating(item: id, values: values, picked: isPicked,
                                                      comment: commentColumn.map { SheetTable.trim(record[$0]) } ?? "", line: line))
        }
        guard errors.isEmpty else { return .failure(RatingsInputErrors(errors)) }
        return .success(order.map { RaterSheet(rater: $0, path: path, ratings: byRater[$0] ?? []) })
    }
}
