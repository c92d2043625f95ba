/// One answer option: its label as shown to the model ("A", or "yes" for PubMedQA) and its text.
public struct ExamOption: Hashable, Sendable, Codable {
    public let label: String
    public let text: String

    public init(label: String, text: String) {
        self.label = label
        self.text = text
    }
}

/// How an item is answered, which decides how replies are read.
public enum ExamAnswerFormat: String, Hashable, Sendable, Codable {
    /// Lettered options (A, B, C, ...); the key is a letter.
    case multipleChoice
    /// PubMedQA: the options are the words yes, no and maybe.
    case yesNoMaybe
    /// Free text with no key (rated by experts or judges instead).
    case openEnded
}

/// One question of an exam or case set, in the one model every adapter produces.
///
/// Built only through `init`, which checks what scoring relies on: option labels are unique and
/// the key is one of them; an open-ended item has neither options nor key.
public struct ExamItem: Hashable, Sendable {
    /// Stable across loads of the same file: the source's own id where it has one, otherwise
    /// derived from the file name and record position.
    public let id: String
    public let stem: String
    public let format: ExamAnswerFormat
    /// In display order; empty for open-ended items.
    public private(set) var options: [ExamOption]
    /// The label of the right option; nil only for open-ended items.
    public private(set) var key: String?
    /// Such as "subject", "domain", "split".
    public let tags: [String: String]
    /// Marks such as "multi" (MedMCQA multi-select origin) or "has-explanation".
    public let flags: Set<String>
    /// Material shown before the question, such as a PubMedQA abstract.
    public let context: String?
    /// Extra per-item data kept for reports, such as an open-ended item's reference answer or
    /// its expert ratings ("rating.reviewer1": "4").
    public let annotations: [String: String]

    /// Throws `ExamItemError` naming the field at fault.
    public init(id: String, stem: String, format: ExamAnswerFormat, options: [ExamOption], key: String?,
                tags: [String: String] = [:], flags: Set<String> = [], context: String? = nil,
                annotations: [String: String] = [:]) throws {
        if id.isEmpty { throw ExamItemError.missing(field: "id") }
        if stem.allSatisfy(\.isWhitespace) { throw ExamItemError.missing(field: "question") }
        switch format {
        case .openEnded:
            if !options.isEmpty { throw ExamItemError.invalid(field: "options", reason: "an open-ended item has no options") }
            if key != nil { throw ExamItemError.invalid(field: "answer", reason: "an open-ended item has no key") }
        case .multipleChoice, .yesNoMaybe:
            if options.count < 2 {
                throw ExamItemError.invalid(field: "options", reason: "needs at least 2 options, found \(options.count)")
            }
            var seen: Set<String> = []
            for option in options {
                if option.label.isEmpty { throw ExamItemError.invalid(field: "options", reason: "an option has an empty label") }
                if !seen.insert(option.label).inserted {
                    throw ExamItemError.invalid(field: "options", reason: "label \(option.label) appears twice")
                }
                if option.text.allSatisfy(\.isWhitespace) {
                    throw ExamItemError.invalid(field: "options.\(option.label)", reason: "empty option text")
                }
            }
            guard let key else { throw ExamItemError.missing(field: "answer") }
            if !seen.contains(key) {
                throw ExamItemError.invalid(field: "answer",
                                            reason: "key \(key) is not among the options \(options.map(\.label).joined(separator: ", "))")
            }
        }
        self.id = id
        self.stem = stem
        self.format = format
        self.options = options
        self.key = key
        self.tags = tags
        self.flags = flags
        self.context = context
        self.annotations = annotations
    }

    public var labels: [String] { options.map(\.label) }

    /// The option with `label`, if there is one.
    public func option(_ label: String) -> ExamOption? { options.first { $0.label == label } }

    /// The same item with its options in a new order and relabelled; used by `OptionShuffle`.
    /// The caller permutes texts over the same labels, so labels stay unique and the key among them.
    func reordered(_ options: [ExamOption], key: String) -> ExamItem {
        var copy = self
        copy.options = options
        copy.key = key
        return copy
    }
}

/// What is wrong with one item's fields.
public enum ExamItemError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(field: String)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let field): return "missing \(field)"
        case .invalid(let field, let reason): return "\(field): \(reason)"
        }
    }
}

/// The standard option letters, for adapters of lettered sets.
enum OptionLetters {
    static let all = (0..<26).map { String(UnicodeScalar(UInt8(65 + $0))) }
}
