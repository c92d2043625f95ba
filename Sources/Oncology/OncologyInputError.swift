/// Input that could not be read as a case, a knowledge-base row, an option list or a reference:
/// which file, where in it (a JSON path such as `$.cases[2].alterations[0].protein`, or a line and
/// column name for tables), and why.
public struct OncologyInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name, or a short label such as "<json>" for in-memory input.
    public let source: String
    public let location: String
    public let reason: String

    public init(source: String, location: String, reason: String) {
        self.source = source
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(source): \(location): \(reason)" }
}

/// Every problem found in one input, reported together so one fix-and-retry round covers them all.
public struct OncologyInputErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public let errors: [OncologyInputError]

    public init(_ errors: [OncologyInputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
