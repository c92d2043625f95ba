import Exams
import Foundation
import Provenance
import Providers
import Support

/// The rubric a judge rates case answers on (a prompt template with `{{question}}` and `{{answer}}`)
/// and the JSON Schema of its reply, read from the prompts folder. Their joint hash enters every
/// judge call's identity: an edited rubric never reuses a cached rating.
public struct JudgeRubric: Sendable {
    public static let defaultName = "radonc-rubric"
    public let name: String
    public let template: String
    public let schema: JSONValue
    public let hash: ContentHash

    /// Reads `judges/NAME.txt` and `judges/rating.schema.json` under `promptsRoot`.
    public init(promptsRoot: URL, name: String = JudgeRubric.defaultName) throws {
        let folder = promptsRoot.appendingPathComponent("judges")
        let templateURL = folder.appendingPathComponent("\(name).txt")
        let schemaURL = folder.appendingPathComponent("rating.schema.json")
        guard let templateData = FileManager.default.contents(atPath: templateURL.path) else {
            throw ExamRunError.invalidSettings("\(templateURL.path): cannot read the judge rubric")
        }
        guard let schemaData = FileManager.default.contents(atPath: schemaURL.path) else {
            throw ExamRunError.invalidSettings("\(schemaURL.path): cannot read the judge answer schema")
        }
        let schema: JSONValue
        do { schema = try JSONValue(parsing: schemaData) } catch {
            throw ExamRunError.invalidSettings("\(schemaURL.path): \(error)")
        }
        try self.init(name: name, template: String(decoding: templateData, as: UTF8.self), schema: schema)
    }

    public init(name: String, template: String, schema: JSONValue) throws {
        for slot in ["{{question}}", "{{answer}}"] where !template.contains(slot) {
            throw ExamRunError.invalidSettings("judge rubric \(name): the template lacks \(slot)")
        }
        self.name = name
        self.template = template
        self.schema = schema
        hash = ContentHash.of("consilium.judge-rubric/\(name)\n\(template)\n\(schema.canonicalText)")
    }

    /// The prompt asking for a rating of `answer` to `question`.
    public func prompt(question: String, answer: String) -> String {
        template.replacingOccurrences(of: "{{question}}", with: question)
            .replacingOccurrences(of: "{{answer}}", with: answer)
    }

    public var responseSchema: ResponseSchema { ResponseSchema(name: "judge_rating", schema: schema) }

    /// Reads a judge's reply: a JSON object with an integer `rating` 1-5 (a fenced or prefixed
    /// object is accepted, since remote judges may wrap it) and an optional `rationale`.
    public static func verdict(fromReply raw: String) -> JudgeVerdict {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else {
            return .unparseable(raw: raw, reason: "no JSON object in the reply")
        }
        let json: JSONValue
        do { json = try JSONValue(parsing: Data(text[open...close].utf8)) } catch {
            return .unparseable(raw: raw, reason: "\(error)")
        }
        guard let number = json["rating"]?.numberValue else {
            return .unparseable(raw: raw, reason: "$.rating: missing or not a number")
        }
        guard number.rounded() == number, (1...5).contains(number) else {
            return .unparseable(raw: raw, reason: "$.rating: expected an integer 1-5, found \(number)")
        }
        return .rated(Int(number), rationale: json["rationale"]?.stringValue ?? "")
    }
}

/// What a judge made of one case answer: a rating, a reply that is not one (kept raw), or a
/// call that failed. Only `.rated` enters agreement; the others are counted apart.
public enum JudgeVerdict: Equatable, Sendable {
    case rated(Int, rationale: String)
    case unparseable(raw: String, reason: String)
    case failed(error: String)
    /// The item was never asked (a run that stopped early).
    case missing

    public var rating: Int? {
        if case .rated(let rating, _) = self { return rating }
        return nil
    }
}
