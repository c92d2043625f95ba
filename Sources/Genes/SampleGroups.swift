/// Sample id to group ("case", "control"), read from a two-column file (`sample<TAB>group` or
/// CSV); a first row reading `sample` and `group` is taken as a header.
public struct SampleGroups: Equatable, Sendable {
    public let path: String
    public let groupOf: [String: String]
    /// Group names in first-seen order.
    public let groups: [String]

    public init(path: String) throws {
        try self.init(text: DelimitedText(path: path))
    }

    init(text: DelimitedText) throws {
        path = text.path
        var groupOf: [String: String] = [:], groups: [String] = [], lineOf: [String: Int] = [:]
        let tabbed = text.lines.first?.text.contains("\t") ?? true
        for (index, line) in text.lines.enumerated() {
            let fields = try text.fields(line, tabSeparated: tabbed).map(\.trimmed)
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw text.error(line, .malformedRow("expected a sample id and a group, found \(fields.count) field(s)"))
            }
            if index == 0, fields[0].lowercased() == "sample", fields[1].lowercased() == "group" { continue }
            if let first = lineOf[fields[0]] { throw text.error(line, .duplicate(key: fields[0], firstLine: first)) }
            lineOf[fields[0]] = line.number
            groupOf[fields[0]] = fields[1]
            if !groups.contains(fields[1]) { groups.append(fields[1]) }
        }
        guard !groupOf.isEmpty else { throw text.error(nil, .empty(what: "sample group file")) }
        self.groupOf = groupOf
        self.groups = groups
    }
}
