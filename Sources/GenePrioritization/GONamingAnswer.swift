import Support

/// One themes answer of the GO-naming benchmark read back: the top theme (highest confidence,
/// the first on a tie) or no coherent theme, or the failure record of a call whose answer did
/// not parse.
public enum GONamingAnswer: Sendable, Equatable {
    case themes(coherent: Bool, names: [String], topName: String?, topConfidence: Double)
    case failed(reason: String)

    /// A confidence below this counts as low: the midpoint of the schema's 0-1 scale.
    public static let lowConfidence = 0.5

    public init(_ answer: JSONValue) {
        guard let list = answer["themes"]?.arrayValue, let coherent = answer["coherent"]?.boolValue else {
            self = .failed(reason: answer["$failure"]?["reason"]?.stringValue ?? "not a themes answer")
            return
        }
        let themes = list.compactMap { theme -> (name: String, confidence: Double)? in
            guard let name = theme["name"]?.stringValue, let confidence = theme["confidence"]?.numberValue else { return nil }
            return (name, confidence)
        }
        var top: (name: String, confidence: Double)?
        for theme in themes where top == nil || theme.confidence > (top?.confidence ?? 0) { top = theme }
        self = .themes(coherent: coherent, names: themes.map(\.name), topName: top?.name, topConfidence: top?.confidence ?? 0)
    }

    /// The answer's confidence that the set has a function: the top theme's, 0 when the model
    /// says there is no coherent theme or gives none; nil for a failed call.
    public var confidence: Double? {
        guard case let .themes(coherent, _, topName, topConfidence) = self else { return nil }
        return coherent && topName != nil ? topConfidence : 0
    }

    /// No coherent theme, no theme, or a top confidence below `lowConfidence`; nil for a failed call.
    public var isLowConfidence: Bool? { confidence.map { $0 < Self.lowConfidence } }

    public var topName: String? {
        guard case let .themes(_, _, name, _) = self else { return nil }
        return name
    }

    public var names: [String] {
        guard case let .themes(_, names, _, _) = self else { return [] }
        return names
    }
}
