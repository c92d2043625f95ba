/// Why a metric refused its input, naming the argument (and the position in it) at fault.
public enum ScoringError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The metric needs at least `minimum` values and `argument` has fewer.
    case tooFew(argument: String, minimum: Int, found: Int)
    /// Paired arguments must have one value per item.
    case lengthMismatch(argument: String, expected: Int, found: Int, pairedWith: String)
    /// A NaN or infinite value, at `index` in `argument` (nil for a single number).
    case notFinite(argument: String, index: Int?)
    /// A value outside its domain, such as a probability of 1.5 or a confidence of 0.
    case outOfRange(argument: String, index: Int?, value: Double, expected: String)
    /// Anything else wrong with one argument: a duplicate name, an unknown category.
    case invalid(argument: String, reason: String)

    public var description: String {
        switch self {
        case let .tooFew(argument, minimum, found):
            return "\(argument): needs at least \(minimum) value\(minimum == 1 ? "" : "s"), found \(found)"
        case let .lengthMismatch(argument, expected, found, pairedWith):
            return "\(argument): has \(found) values but \(pairedWith) has \(expected); they must be paired item by item"
        case let .notFinite(argument, index):
            return "\(Self.place(argument, index)): not a finite number"
        case let .outOfRange(argument, index, value, expected):
            return "\(Self.place(argument, index)): expected \(expected), found \(Self.number(value))"
        case let .invalid(argument, reason):
            return "\(argument): \(reason)"
        }
    }

    /// Counts print as counts: 3, not 3.0.
    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    private static func place(_ argument: String, _ index: Int?) -> String {
        index.map { "\(argument)[\($0)]" } ?? argument
    }
}
