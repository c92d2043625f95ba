/// A problem with gene data, named by file (or input name), line and column where it is known.
///
/// Printed as `file:line:column: reason`, the form editors and the flow checker use, so a user
/// can jump to the row at fault.
public struct GenesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file path, or a name for input that did not come from a file (e.g. "module selection").
    public var file: String
    /// 1-based line, when one row is at fault.
    public var line: Int?
    /// 1-based column (field number for delimited files), when one cell is at fault.
    public var column: Int?
    public var problem: Problem

    public init(file: String, line: Int? = nil, column: Int? = nil, _ problem: Problem) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    public enum Problem: Equatable, Sendable {
        /// The file could not be read (missing, unreadable, not UTF-8).
        case unreadable(String)
        /// A list, module or set with no genes in it.
        case empty(what: String)
        /// A row that does not have the expected shape.
        case malformedRow(String)
        /// A required header column is absent.
        case missingColumn(name: String, found: [String])
        /// A module or aggregate id that the repertoire does not hold, with close ids.
        case unknownModule(id: String, suggestions: [String])
        /// The same key twice (a gene row, a sample, a set name), with the line of the first.
        case duplicate(key: String, firstLine: Int?)
        /// A cell that should be a finite number.
        case notNumeric(value: String, field: String)
        /// Two inputs that must describe the same items do not (samples, genes).
        case mismatch(String)
        /// A group named in a comparison that has no samples, with the groups that exist.
        case unknownGroup(name: String, known: [String])
        /// Anything else, said in words.
        case invalid(String)
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(reason)"
    }

    public var reason: String {
        switch problem {
        case .unreadable(let why): return "cannot read: \(why)"
        case .empty(let what): return "\(what) is empty"
        case .malformedRow(let why): return "malformed row: \(why)"
        case let .missingColumn(name, found):
            return "missing column \"\(name)\" (header has: \(found.joined(separator: ", ")))"
        case let .unknownModule(id, suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)"
            return "unknown module or aggregate id \"\(id)\"\(hint)"
        case let .duplicate(key, firstLine):
            return "\"\(key)\" appears twice" + (firstLine.map { " (first at line \($0))" } ?? "")
        case let .notNumeric(value, field):
            return "\(field): expected a finite number, found \"\(value)\""
        case .mismatch(let why): return why
        case let .unknownGroup(name, known):
            return "no samples in group \"\(name)\" (groups: \(known.joined(separator: ", ")))"
        case .invalid(let why): return why
        }
    }
}
