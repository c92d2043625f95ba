// Checks shared by the metrics, each throwing a ScoringError that names the argument.

func requireCount<C: Collection>(_ values: C, atLeast minimum: Int, _ argument: String) throws {
    if values.count < minimum {
        throw ScoringError.tooFew(argument: argument, minimum: minimum, found: values.count)
    }
}

func requireSameCount<A: Collection, B: Collection>(_ first: A, _ firstName: String,
                                                    _ second: B, _ secondName: String) throws {
    if first.count != second.count {
        throw ScoringError.lengthMismatch(argument: secondName, expected: first.count,
                                          found: second.count, pairedWith: firstName)
    }
}

func requireFinite(_ values: [Double], _ argument: String) throws {
    if let index = values.firstIndex(where: { !$0.isFinite }) {
        throw ScoringError.notFinite(argument: argument, index: index)
    }
}

func requireFinite(_ value: Double, _ argument: String) throws {
    if !value.isFinite { throw ScoringError.notFinite(argument: argument, index: nil) }
}

/// Every value finite and in [0, 1].
func requireProbabilities(_ values: [Double], _ argument: String) throws {
    try requireFinite(values, argument)
    if let index = values.firstIndex(where: { $0 < 0 || $0 > 1 }) {
        throw ScoringError.outOfRange(argument: argument, index: index, value: values[index], expected: "[0, 1]")
    }
}

/// A level strictly between 0 and 1, such as a confidence, an alpha or a power.
func requireOpenUnit(_ value: Double, _ argument: String) throws {
    try requireFinite(value, argument)
    if !(value > 0 && value < 1) {
        throw ScoringError.outOfRange(argument: argument, index: nil, value: value, expected: "(0, 1)")
    }
}

func requirePositive(_ value: Int, _ argument: String) throws {
    if value < 1 {
        throw ScoringError.outOfRange(argument: argument, index: nil, value: Double(value), expected: "1 or more")
    }
}

/// No item twice in a ranking.
func requireUnique<Key: Hashable>(_ ranked: [Key], _ argument: String) throws {
    var seen = Set<Key>()
    for (index, key) in ranked.enumerated() where !seen.insert(key).inserted {
        throw ScoringError.invalid(argument: argument, reason: "item at position \(index) (\(key)) is already ranked higher")
    }
}
