import Support

/// One problem with a rubric, a key or a rating sheet: which file, where in it (a JSON path such as
/// `$.dimensions[1].anchors.3`, or "line 5, column correctness" for a sheet), and why.
public typealias RatingsInputError = LocatedInputError
/// Every problem found, in every file, reported together.
public typealias RatingsInputErrors = LocatedInputErrors

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
