import Support

/// One problem in a flow: where (file, line and column, JSON path) and why.
public struct FlowIssue: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var location: TextLocation
    public var path: JSONPath
    public var reason: String

    public var description: String { "\(file):\(location): \(path): \(reason)" }
}

/// A flow that failed its check. Every problem found is listed, in file order, so one edit
/// cycle can fix them all; no model has been called.
public struct FlowCheckError: Error, Sendable, CustomStringConvertible {
    public var issues: [FlowIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Problems found while reading a flow, by JSON path; the loader turns paths into lines.
struct IssueList {
    var entries: [(path: JSONPath, reason: String)] = []

    mutating func add(_ path: JSONPath, _ reason: String) { entries.append((path, reason)) }
    var isEmpty: Bool { entries.isEmpty }
}
