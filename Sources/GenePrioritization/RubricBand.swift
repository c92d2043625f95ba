/// The rubric's bands for a 0-10 score (0 none; 1-3 very limited; 4-6 some, context-dependent;
/// 7-8 good and consistent; 9-10 strong), the categories of the weighted kappa.
public enum RubricBand: Int, CaseIterable, Sendable {
    case none = 0, veryLimited, some, good, strong

    /// The band of a score; a mean over replicates is rounded to the nearest whole score first
    /// (halves away from zero), and scores outside 0-10 are clamped to the end bands.
    public init(score: Double) {
        switch score.rounded(.toNearestOrAwayFromZero) {
        case ..<1: self = .none
        case ..<4: self = .veryLimited
        case ..<7: self = .some
        case ..<9: self = .good
        default: self = .strong
        }
    }
}
