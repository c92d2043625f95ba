/// The weight of recall against precision in an F-score: beta = 1 weighs them equally (F1),
/// beta = 2 counts recall twice as much. Finite and positive by construction.
public struct FBeta: Equatable, Hashable, Sendable {
    public let value: Double

    public init(_ value: Double) throws {
        try requireFinite(value, "beta")
        if value <= 0 { throw ScoringError.outOfRange(argument: "beta", index: nil, value: value, expected: "(0, +inf)") }
        self.value = value
    }

    private init(unchecked value: Double) { self.value = value }

    public static let one = FBeta(unchecked: 1)
}
