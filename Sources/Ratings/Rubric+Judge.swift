import Foundation
import Support

/// What a judge model's reply on a rubric said: a rating per dimension (and its short reason), or a
/// reply that is not one, kept raw with the reason naming the JSON path at fault.
public enum RubricJudgement: Equatable, Sendable {
    case rated([String: Int], rationale: String)
    case unparseable(raw: String, reason: String)
}

extension Rubric {
    /// The longest rationale a judge may write: one or two sentences, as Prompts/judges asks.
    public static let rationaleMaxLength = 400

    /// The JSON Schema of a judge's reply: a `rationale` and every dimension as an integer from
    /// its scale, nothing else. Local judges decode under it; remote ones are asked for it.
    public var judgeSchema: JSONValue {
        var properties: [String: JSONValue] = ["rationale": .object(["type": "string", "maxLength": .number(Double(Self.rationaleMaxLength))])]
        for d in dimensions {
            properties[d.id] = .object(["type": "integer", "enum": .array(d.scale.values.map { .number(Double($0)) })])
        }
        return .object([
            "description": .string("A judge's ratings on the rubric \(name): \(dimensions.map(\.id).joined(separator: ", ")), with a short reason."),
            "type": "object", "required": .array([.string("rationale")] + dimensions.map { .string($0.id) }),
            "additionalProperties": false, "properties": .object(properties),
        ])
    }

    /// Reads a judge's reply: a JSON object holding every dimension as a whole number on its
    /// scale. A fenced or prefixed object is accepted (remote judges wrap it); a missing
    /// `rationale` reads as empty, since the ratings are what is used. Extra fields are ignored.
    public func ratings(fromJudgeReply raw: String) -> RubricJudgement {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else {
            return .unparseable(raw: raw, reason: "$: no JSON object in the reply")
        }
        let json: JSONValue
        do { json = try JSONValue(parsing: Data(text[open...close].utf8)) } catch {
            return .unparseable(raw: raw, reason: "$: not JSON: \(error)")
        }
        var ratings: [String: Int] = [:]
        for d in dimensions {
            guard let found = json[d.id] else { return .unparseable(raw: raw, reason: "$.\(d.id): missing") }
            guard let number = found.numberValue, number.rounded() == number, let value = Int(exactly: number), d.scale.contains(value) else {
                return .unparseable(raw: raw, reason: "$.\(d.id): expected a whole number \(d.scale), found \(found)")
            }
            ratings[d.id] = value
        }
        var rationale = ""
        if let r = json["rationale"], !r.isNull {
            guard let s = r.stringValue else { return .unparseable(raw: raw, reason: "$.rationale: expected text, found \(r.typeName)") }
            rationale = s
        }
        return .rated(ratings, rationale: rationale)
    }
}
