/// Input that could not be read: which file, where in it (a JSON path such as
/// `$.cases[2].alterations[0].protein`, or "line 5, column correctness" for a table), and why.
public struct LocatedInputError: Error, Equatable, Sendable, CustomStringConvertible {
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

/// Every problem found, in every file read, reported together so one fix-and-retry round covers them all.
public struct LocatedInputErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public let errors: [LocatedInputError]

    public init(_ errors: [LocatedInputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
