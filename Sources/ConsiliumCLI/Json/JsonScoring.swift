import Scoring
import Support

/// The `score` op: pure metrics over lists given in the request, through the Scoring target.
///
/// - `set_f1`: `predicted` and `reference` are one list of strings (one item) or lists of lists
///   (one per item, same count). Strings match exactly. Gives pooled (micro) precision, recall and
///   F1 with the counts behind them, and the per-item (macro) means.
/// - `accuracy`: `outcomes` (booleans), or `predicted` and `reference` label lists of equal length
///   compared position by position. Gives correct/total and a Wilson interval at `confidence`.
enum JsonScoring {
    static let metrics = ["accuracy", "set_f1"]

    static func score(_ fields: JsonFields) throws -> JSONValue {
        let metric = try fields.string("metric")
        switch metric {
        case "set_f1": return try setF1(fields)
        case "accuracy": return try accuracy(fields)
        default:
            throw JsonFailure(.invalidRequest, "unknown metric; expected one of \(metrics.joined(separator: ", "))",
                              path: fields.at("metric"))
        }
    }

    // MARK: set_f1

    private static func setF1(_ fields: JsonFields) throws -> JSONValue {
        let predicted = try itemLists(fields, "predicted")
        let reference = try itemLists(fields, "reference")
        try fields.finish()
        guard predicted.nested == reference.nested else {
            throw JsonFailure(.invalidRequest, "predicted and reference must both be lists of strings or both lists of lists",
                              path: fields.at("reference"))
        }
        guard predicted.items.count == reference.items.count else {
            throw JsonFailure(.invalidRequest, "expected \(predicted.items.count) reference items (one per predicted item), found \(reference.items.count)",
                              path: fields.at("reference"))
        }
        let comparisons = zip(predicted.items, reference.items).map { SetComparison(predicted: Set($0), reference: Set($1)) }
        let summary: SetScoreSummary
        do { summary = try SetScoreSummary(items: comparisons.map(\.counts)) } catch {
            throw JsonFailure(.invalidRequest, "\(error)", path: fields.at("predicted"))
        }
        var result: [String: JSONValue] = [
            "metric": "set_f1",
            "items": .number(Double(summary.itemCount)),
            "counts": counts(summary.pooled),
            "precision": number(summary.pooledPrecision),
            "recall": number(summary.pooledRecall),
            "f1": .number(summary.pooledFScore),
            "macro": ["precision": number(summary.macroPrecision), "recall": number(summary.macroRecall),
                      "f1": .number(summary.macroFScore)],
        ]
        if !predicted.nested, let only = comparisons.first {
            result["matched"] = sorted(only.matched)
            result["missed"] = sorted(only.missed)
            result["spurious"] = sorted(only.spurious)
        } else {
            result["per_item"] = .array(comparisons.map { c in
                ["counts": counts(c.counts), "precision": number(c.counts.precision), "recall": number(c.counts.recall),
                 "f1": .number(c.counts.f1)]
            })
        }
        return .object(result)
    }

    /// A list of strings (one item) or a list of lists of strings.
    private static func itemLists(_ fields: JsonFields, _ key: String) throws -> (items: [[String]], nested: Bool) {
        let value = try fields.required(key)
        let path = fields.at(key)
        guard let entries = value.arrayValue else {
            throw JsonFailure(.invalidRequest, "expected an array of strings or an array of arrays of strings, found \(value.typeName)", path: path)
        }
        if entries.allSatisfy({ $0.stringValue != nil }) { return ([entries.compactMap(\.stringValue)], false) }
        let items = try entries.enumerated().map { index, entry -> [String] in
            guard let list = entry.arrayValue else {
                throw JsonFailure(.invalidRequest, "expected an array of strings, found \(entry.typeName)", path: "\(path)[\(index)]")
            }
            return try list.enumerated().map { inner, item in
                guard let text = item.stringValue else {
                    throw JsonFailure(.invalidRequest, "expected a string, found \(item.typeName)", path: "\(path)[\(index)][\(inner)]")
                }
                return text
            }
        }
        return (items, true)
    }

    // MARK: accuracy

    private static func accuracy(_ fields: JsonFields) throws -> JSONValue {
        let confidence = try fields.optionalDouble("confidence", in: 0.5...0.999_999) ?? 0.95
        let outcomes: [Bool]
        if let given = fields.value("outcomes") {
            guard let list = given.arrayValue else {
                throw JsonFailure(.invalidRequest, "expected an array of booleans, found \(given.typeName)", path: fields.at("outcomes"))
            }
            outcomes = try list.enumerated().map { index, item in
                guard let flag = item.boolValue else {
                    throw JsonFailure(.invalidRequest, "expected true or false, found \(item.typeName)", path: "\(fields.at("outcomes"))[\(index)]")
                }
                return flag
            }
            if fields.value("predicted") != nil || fields.value("reference") != nil {
                throw JsonFailure(.invalidRequest, "give either outcomes or predicted and reference, not both", path: fields.at("predicted"))
            }
        } else {
            guard let predicted = try fields.optionalStrings("predicted") else {
                throw JsonFailure(.invalidRequest, "give outcomes, or predicted and reference label lists", path: fields.at("outcomes"))
            }
            let reference = try fields.optionalStrings("reference") ?? []
            guard predicted.count == reference.count else {
                throw JsonFailure(.invalidRequest, "expected \(predicted.count) reference labels (one per predicted label), found \(reference.count)",
                                  path: fields.at("reference"))
            }
            outcomes = zip(predicted, reference).map(==)
        }
        try fields.finish()
        let proportion = Proportion(outcomes: outcomes)
        let interval: Interval
        do { interval = try proportion.wilsonInterval(confidence: confidence) } catch {
            throw JsonFailure(.invalidRequest, "\(error)", path: fields.at("confidence"))
        }
        return [
            "metric": "accuracy",
            "correct": .number(Double(proportion.successes)),
            "total": .number(Double(proportion.trials)),
            "accuracy": number(proportion.value),
            "wilson": ["confidence": .number(confidence), "lower": .number(interval.lower), "upper": .number(interval.upper)],
        ]
    }

    // MARK: Formatting

    private static func counts(_ c: MatchCounts) -> JSONValue {
        ["true_positives": .number(Double(c.truePositives)), "false_positives": .number(Double(c.falsePositives)),
         "false_negatives": .number(Double(c.falseNegatives))]
    }

    /// An undefined ratio (0/0) is null, not 0.
    private static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    private static func sorted(_ keys: Set<String>) -> JSONValue { .array(keys.sorted().map(JSONValue.string)) }
}
