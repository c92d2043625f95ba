import Support

/// JSON forms of stored replies and scored items, for the provenance store: a run writes them,
/// a later rescoring reads the replies back and scores them again. Reading names the field at
/// fault.
extension StoredReply {
    public var json: JSONValue {
        switch reply {
        case .text(let text): return ["item": .string(itemID), "text": .string(text)]
        case .transportError(let message): return ["item": .string(itemID), "transportError": .string(message)]
        }
    }

    /// Exactly one of `text` and `transportError`.
    public init(json: JSONValue) throws {
        guard let item = json["item"]?.stringValue else { throw ExamItemError.missing(field: "item") }
        switch (json["text"]?.stringValue, json["transportError"]?.stringValue) {
        case (let text?, nil): self.init(itemID: item, reply: .text(text))
        case (nil, let message?): self.init(itemID: item, reply: .transportError(message))
        case (nil, nil): throw ExamItemError.missing(field: "text or transportError")
        default: throw ExamItemError.invalid(field: "text", reason: "a reply has either text or transportError, not both")
        }
    }
}

extension ScoredItem {
    public var json: JSONValue {
        var object: [String: JSONValue] = ["item": .string(itemID), "outcome": .string(outcome.kind),
                                           "extractor": .string(extractorVersion)]
        switch outcome {
        case .correct(let label), .wrong(let label): object["label"] = .string(label)
        case .unparseable(let raw), .refusal(let raw): object["raw"] = .string(raw)
        case .transportError(let message): object["message"] = .string(message)
        case .empty: break
        }
        if let rule { object["rule"] = .string(rule.rawValue) }
        return .object(object)
    }

    public init(json: JSONValue) throws {
        func string(_ field: String) throws -> String {
            guard let value = json[field]?.stringValue else { throw ExamItemError.missing(field: field) }
            return value
        }
        let kind = try string("outcome")
        let outcome: ItemOutcome
        switch kind {
        case "correct": outcome = .correct(label: try string("label"))
        case "wrong": outcome = .wrong(label: try string("label"))
        case "unparseable": outcome = .unparseable(raw: try string("raw"))
        case "refusal": outcome = .refusal(raw: try string("raw"))
        case "transport-error": outcome = .transportError(message: try string("message"))
        case "empty": outcome = .empty
        default: throw ExamItemError.invalid(field: "outcome", reason: "unknown outcome \"\(kind)\"")
        }
        var rule: ExtractionRule? = nil
        if let name = json["rule"]?.stringValue {
            guard let known = ExtractionRule(rawValue: name) else {
                throw ExamItemError.invalid(field: "rule", reason: "unknown rule \"\(name)\"")
            }
            rule = known
        }
        self.init(itemID: try string("item"), outcome: outcome, rule: rule, extractorVersion: try string("extractor"))
    }
}
