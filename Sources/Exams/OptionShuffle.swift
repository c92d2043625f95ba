import Support

/// Shuffles each item's options with a fixed seed, to show whether a model favours a position
/// rather than an answer. Letters stay in place (A, B, C, D) and the texts move; the key moves
/// with its text. Each item's order depends only on the seed and the item's id, so it does not
/// change when items are added, removed or reordered.
public struct OptionShuffle: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    public func apply(to item: ExamItem) -> ShuffledItem {
        guard item.format == .multipleChoice, let key = item.key else {
            // Yes/no/maybe labels are the answers themselves; open-ended items have no options.
            return ShuffledItem(shown: item, original: item,
                                shownToOriginal: Dictionary(uniqueKeysWithValues: item.labels.map { ($0, $0) }))
        }
        var random = SeededRandom(seed: seed ^ Self.fnv1a(item.id))
        var order = Array(item.options.indices)
        // Fisher-Yates from the end; uniform draws by rejection so every order is equally likely.
        for index in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(index, Int(Self.uniform(below: UInt64(index + 1), using: &random)))
        }
        let labels = item.labels
        var shownToOriginal: [String: String] = [:]
        var options: [ExamOption] = []
        var shownKey = key
        for (slot, source) in order.enumerated() {
            let original = item.options[source]
            options.append(ExamOption(label: labels[slot], text: original.text))
            shownToOriginal[labels[slot]] = original.label
            if original.label == key { shownKey = labels[slot] }
        }
        return ShuffledItem(shown: item.reordered(options, key: shownKey), original: item, shownToOriginal: shownToOriginal)
    }

    /// FNV-1a over the id's UTF-8: a stable per-item seed (Swift's Hasher is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// Lemire's multiply-and-reject (as in Scoring's Bootstrap), fixed here so draws never
    /// depend on the standard library's method.
    static func uniform(below bound: UInt64, using random: inout SeededRandom) -> UInt64 {
        var product = random.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = random.next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}

/// An item as shown after shuffling, and the way back to the original labels for reports.
public struct ShuffledItem: Hashable, Sendable {
    /// What the model sees: same labels, texts in the shuffled order, key moved with its text.
    public let shown: ExamItem
    public let original: ExamItem
    /// Shown label to the label the same text has in the original item.
    public let shownToOriginal: [String: String]

    public func originalLabel(_ shownLabel: String) -> String? { shownToOriginal[shownLabel] }

    /// A score of the shown item, restated in the original labels; correctness does not change.
    public func unshuffled(_ scored: ScoredItem) -> ScoredItem {
        let outcome: ItemOutcome
        switch scored.outcome {
        case .correct(let label): outcome = .correct(label: originalLabel(label) ?? label)
        case .wrong(let label): outcome = .wrong(label: originalLabel(label) ?? label)
        default: outcome = scored.outcome
        }
        return ScoredItem(itemID: scored.itemID, outcome: outcome, rule: scored.rule, extractorVersion: scored.extractorVersion)
    }
}
