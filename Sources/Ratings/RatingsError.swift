/// One problem with a rubric, a key or a rating sheet: which file, where in it (a JSON path such as
/// `$.dimensions[1].anchors.3`, or "line 5, column correctness" for a sheet), and why.
public struct RatingsInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name, or a short label such as "<json>" for input built in memory.
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

/// Every problem found, in every file, reported together so one fix-and-retry round covers them all.
public struct RatingsInputErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public let errors: [RatingsInputError]

    public init(_ errors: [RatingsInputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// What stops an export or an import that is not a problem inside one input file.
public enum RatingsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The sheet or key could not be written (or already exists).
    case output(path: String, reason: String)
    /// The export's inputs do not make a blinded sheet (too few sources, no cases).
    case export(reason: String)
    /// A file needed again (a sheet to store) could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .output(path, reason): return "\(path): cannot write the report: \(reason)"
        case let .export(reason): return "blinded export: \(reason)"
        case let .unreadable(path, reason): return "\(path): \(reason)"
        }
    }
}
