/// What the model returned for one item, as stored: its text, or the transport's error.
public enum ModelReply: Hashable, Sendable {
    case text(String)
    /// The call failed (timeout, HTTP 500): not the model's answer, to be retried.
    case transportError(String)
}

/// How one item went. Unparseable, empty and refusal replies are never silently counted as a
/// letter; they are scored wrong in the headline accuracy and counted apart.
public enum ItemOutcome: Hashable, Sendable {
    case correct(label: String)
    case wrong(label: String)
    /// The raw reply, so that a later extractor version can read it again.
    case unparseable(raw: String)
    case empty
    case refusal(raw: String)
    case transportError(message: String)

    public var isCorrect: Bool { if case .correct = self { return true } else { return false } }

    /// The label read from the reply, right or wrong; nil for every failure.
    public var predictedLabel: String? {
        switch self {
        case .correct(let label), .wrong(let label): return label
        default: return nil
        }
    }

    /// A short name for tables and CSV: correct, wrong, unparseable, empty, refusal, transport-error.
    public var kind: String {
        switch self {
        case .correct: return "correct"
        case .wrong: return "wrong"
        case .unparseable: return "unparseable"
        case .empty: return "empty"
        case .refusal: return "refusal"
        case .transportError: return "transport-error"
        }
    }
}

/// One item's scored reply, with the rule and extractor version that read it.
public struct ScoredItem: Hashable, Sendable {
    public let itemID: String
    public let outcome: ItemOutcome
    public let rule: ExtractionRule?
    public let extractorVersion: String

    public init(itemID: String, outcome: ItemOutcome, rule: ExtractionRule?, extractorVersion: String) {
        self.itemID = itemID
        self.outcome = outcome
        self.rule = rule
        self.extractorVersion = extractorVersion
    }
}

/// A reply as the provenance store keeps it: which item it answered and what came back.
public struct StoredReply: Hashable, Sendable {
    public let itemID: String
    public let reply: ModelReply

    public init(itemID: String, reply: ModelReply) {
        self.itemID = itemID
        self.reply = reply
    }
}

extension AnswerExtractor {
    /// Scores one reply against the item's key.
    public func score(_ reply: ModelReply, for item: ExamItem) -> ScoredItem {
        let outcome: ItemOutcome
        var rule: ExtractionRule? = nil
        switch reply {
        case .transportError(let message):
            outcome = .transportError(message: message)
        case .text(let text):
            switch extract(text, for: item) {
            case .answer(let label, let found):
                rule = found
                outcome = label == item.key ? .correct(label: label) : .wrong(label: label)
            case .empty: outcome = .empty
            case .refusal: outcome = .refusal(raw: text)
            case .unparseable: outcome = .unparseable(raw: text)
            }
        }
        return ScoredItem(itemID: item.id, outcome: outcome, rule: rule, extractorVersion: version)
    }

    /// Rescoring stored replies: a pure function of the replies, the items, the shuffle (if the
    /// run showed shuffled options) and this extractor's version; no model is called. Replies are
    /// read against the options as shown, then restated in the original labels. Throws when a
    /// reply names an item the set does not have.
    public func rescore(_ replies: [StoredReply], items: [ExamItem], shuffle: OptionShuffle? = nil) throws -> [ScoredItem] {
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try replies.enumerated().map { index, stored in
            guard let item = byID[stored.itemID] else {
                throw DatasetError(file: "stored replies", reason: "reply #\(index) is for item \(stored.itemID), which the dataset does not have")
            }
            guard let shuffle else { return score(stored.reply, for: item) }
            let shuffled = shuffle.apply(to: item)
            return shuffled.unshuffled(score(stored.reply, for: shuffled.shown))
        }
    }
}
