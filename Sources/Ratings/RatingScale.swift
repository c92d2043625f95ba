/// The whole-number scale raters use on one rubric dimension, e.g. 1 (not useful) to 5 (very useful).
public struct RatingScale: Hashable, Sendable, CustomStringConvertible {
    public let minimum: Int
    public let maximum: Int

    /// nil unless minimum < maximum: a one-point scale says nothing.
    public init?(minimum: Int, maximum: Int) {
        guard minimum < maximum else { return nil }
        self.init(checked: minimum, maximum)
    }

    private init(checked minimum: Int, _ maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// "1-5".
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]) else { return nil }
        self.init(minimum: low, maximum: high)
    }

    /// 1 (not useful) to 5 (very useful).
    public static let usefulness = RatingScale(checked: 1, 5)

    public var values: [Int] { Array(minimum...maximum) }
    public func contains(_ value: Int) -> Bool { (minimum...maximum).contains(value) }
    public var description: String { "\(minimum)-\(maximum)" }
}
