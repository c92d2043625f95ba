import Foundation
import Support

/// What became of a model's answer text: a value that satisfies the step's schema, text that is
/// not JSON, or JSON that breaks the schema. The raw text is kept in the failing cases so it can be
/// stored, counted apart from wrong answers, and re-parsed later without calling the model again.
public enum AnswerOutcome: Equatable, Sendable {
    case parsed(JSONValue)
    case unparseable(raw: String, reason: String)
    case schemaInvalid(raw: String, value: JSONValue, violations: [SchemaViolation])

    public var value: JSONValue? {
        if case .parsed(let value) = self { return value }
        return nil
    }
}

/// Answer checking and the one bounded re-ask that quotes what was wrong.
public enum AnswerValidation {
    /// The policy: after an invalid answer, ask once more; a second invalid answer is a recorded
    /// failure for that item and the flow goes on.
    public static let maximumReasks = 1

    /// Violations quoted in a re-ask; more would crowd the prompt without helping a small model.
    static let quotedViolationLimit = 10

    /// Parses `text` as one JSON value and validates it. Surrounding whitespace and a single
    /// Markdown code fence around the whole answer (```json ... ```) are tolerated, since chat
    /// models add them even when told not to; any other text around the JSON is not.
    public static func validate(_ text: String, against schema: JSONSchema) -> AnswerOutcome {
        let body = unfenced(text)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch let error as JSONParseError {
            let location = TextLocation(offset: error.offset, in: body)
            return .unparseable(raw: text, reason: "invalid JSON at line \(location.line), column \(location.column): \(error.reason)")
        } catch {
            return .unparseable(raw: text, reason: "\(error)")
        }
        let violations = schema.validate(value)
        return violations.isEmpty ? .parsed(value) : .schemaInvalid(raw: text, value: value, violations: violations)
    }

    /// The user message for the re-ask after `outcome`, or nil when the answer was valid.
    public static func reaskMessage(for outcome: AnswerOutcome) -> String? {
        switch outcome {
        case .parsed:
            return nil
        case .unparseable(_, let reason):
            return """
            Your previous answer could not be read as JSON (\(reason)).
            Reply again with only one JSON value that satisfies the required schema: no prose, no Markdown.
            """
        case .schemaInvalid(_, _, let violations):
            var lines = violations.prefix(quotedViolationLimit).map { "- \($0)" }
            if violations.count > quotedViolationLimit { lines.append("- and \(violations.count - quotedViolationLimit) more") }
            return """
            Your previous answer was JSON but did not satisfy the required schema:
            \(lines.joined(separator: "\n"))
            Reply again with only one corrected JSON value: no prose, no Markdown.
            """
        }
    }

    private static func unfenced(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```"), trimmed.hasSuffix("```"), trimmed.count >= 6,
              let firstNewline = trimmed.firstIndex(of: "\n") else { return trimmed }
        let inner = trimmed[trimmed.index(after: firstNewline)..<trimmed.index(trimmed.endIndex, offsetBy: -3)]
        guard !inner.contains("```") else { return trimmed }
        return inner.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
