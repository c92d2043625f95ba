import Exams
import Foundation
import Provenance
import Providers
import Ratings
import Support

/// What a judge rates case answers on: a prompt template (`{{question}}`, `{{answer}}`) and the
/// rubric whose dimensions its reply holds. Their joint hash enters every judge call's identity:
/// an edited rubric never reuses a cached rating.
///
/// A judge named like a rubric (`Prompts/rubrics/NAME.json`) rates on that rubric's dimensions;
/// its template shows them through `{{rubric}}` and its reply schema is the rubric's. Otherwise
/// the judge gives the single 1-5 `rating` of `judges/rating.schema.json` (the radonc experts' scale).
public struct JudgeRubric: Sendable {
    public static let defaultName = "radonc-rubric"
    public let name: String
    public let template: String
    public let rubric: Rubric
    public let schema: JSONValue
    public let hash: ContentHash

    /// Reads `judges/NAME.txt` under `promptsRoot`, and `rubrics/NAME.json` or else `judges/rating.schema.json`.
    public init(promptsRoot: URL, name: String = JudgeRubric.defaultName) throws {
        let templateURL = promptsRoot.appendingPathComponent("judges/\(name).txt")
        guard let templateData = FileManager.default.contents(atPath: templateURL.path) else {
            throw ExamRunError.invalidSettings("\(templateURL.path): cannot read the judge rubric")
        }
        let template = String(decoding: templateData, as: UTF8.self)
        let rubricPath = promptsRoot.appendingPathComponent("rubrics/\(name).json").path
        if FileManager.default.fileExists(atPath: rubricPath) {
            try self.init(name: name, template: template, rubric: try Rubric.read(path: rubricPath))
            return
        }
        let schemaURL = promptsRoot.appendingPathComponent("judges/rating.schema.json")
        guard let schemaData = FileManager.default.contents(atPath: schemaURL.path) else {
            throw ExamRunError.invalidSettings("\(schemaURL.path): cannot read the judge answer schema")
        }
        let schema: JSONValue
        do { schema = try JSONValue(parsing: schemaData) } catch {
            throw ExamRunError.invalidSettings("\(schemaURL.path): \(error)")
        }
        try self.init(name: name, template: template, schema: schema)
    }

    /// A single 1-5 `rating` judge with this reply schema.
    public init(name: String, template: String, schema: JSONValue) throws {
        try Self.requireSlots(name: name, template: template, rubricSlot: false)
        self.name = name
        self.template = template
        self.schema = schema
        rubric = Self.singleRating
        hash = ContentHash.of("consilium.judge-rubric/\(name)\n\(template)\n\(schema.canonicalText)")
    }

    /// A judge on `rubric`'s dimensions; the template must show them through `{{rubric}}`.
    public init(name: String, template: String, rubric: Rubric) throws {
        try Self.requireSlots(name: name, template: template, rubricSlot: true)
        self.name = name
        self.template = template
        self.rubric = rubric
        schema = rubric.judgeSchema
        hash = ContentHash.of("consilium.judge-rubric/\(name)\n\(template)\n\(rubric.json.canonicalText)")
    }

    private static func requireSlots(name: String, template: String, rubricSlot: Bool) throws {
        for slot in ["{{question}}", "{{answer}}"] + (rubricSlot ? ["{{rubric}}"] : []) where !template.contains(slot) {
            throw ExamRunError.invalidSettings("judge rubric \(name): the template lacks \(slot)")
        }
    }

    /// The single `rating`, 1-5, that the radonc experts gave and `judges/rating.schema.json` asks for.
    static let singleRating: Rubric = {
        // A constant, well-formed rubric: neither the scale nor `Rubric.init`'s checks can refuse it.
        guard let scale = RatingScale(minimum: 1, maximum: 5),
              let rubric = try? Rubric(name: "rating", title: "One overall rating, 1-5",
                                       dimensions: [.init(id: "rating", question: "Overall rating of the answer", scale: scale)]) else {
            preconditionFailure("the built-in 1-5 rating rubric is malformed")
        }
        return rubric
    }()

    /// The rubric's dimension ids, in order.
    public var dimensions: [String] { rubric.dimensions.map(\.id) }

    /// Whether the ratings can be set beside the radonc experts' (one `rating` on 1-5).
    public var isExpertScale: Bool {
        rubric.dimensions.count == 1 && rubric.dimensions[0].id == "rating" && rubric.dimensions[0].scale.values == Array(1...5)
    }

    /// The prompt asking for a rating of `answer` to `question`.
    public func prompt(question: String, answer: String) -> String {
        template.replacingOccurrences(of: "{{rubric}}", with: rubricText)
            .replacingOccurrences(of: "{{question}}", with: question)
            .replacingOccurrences(of: "{{answer}}", with: answer)
    }

    /// The dimensions as a judge reads them: id, scale, question and the anchor of each point.
    var rubricText: String {
        rubric.dimensions.map { d in
            var lines = ["\(d.id) (\(d.scale)): \(d.question)"]
            for point in d.scale.values { if let anchor = d.anchors[point] { lines.append("  \(point) = \(anchor)") } }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    public var responseSchema: ResponseSchema { ResponseSchema(name: "judge_rating", schema: schema) }

    /// Reads a judge's reply: a JSON object with every dimension as a whole number on its scale (a
    /// fenced or prefixed object is accepted, since remote judges may wrap it) and an optional `rationale`.
    public func verdict(fromReply raw: String) -> JudgeVerdict {
        switch rubric.ratings(fromJudgeReply: raw) {
        case .rated(let ratings, let rationale): return .rated(ratings, rationale: rationale)
        case .unparseable(let raw, let reason): return .unparseable(raw: raw, reason: reason)
        }
    }
}

/// What a judge made of one case answer: ratings by dimension, a reply that is not one (kept raw),
/// or a call that failed. Only `.rated` enters agreement; the others are counted apart.
public enum JudgeVerdict: Equatable, Sendable {
    case rated([String: Int], rationale: String)
    case unparseable(raw: String, reason: String)
    case failed(error: String)
    /// The item was never asked (a run that stopped early).
    case missing

    /// The rating on `dimension`, when rated.
    public func rating(_ dimension: String) -> Int? {
        if case .rated(let ratings, _) = self { return ratings[dimension] }
        return nil
    }

    /// The single overall `rating` (the radonc experts' scale).
    public var rating: Int? { rating("rating") }
}
