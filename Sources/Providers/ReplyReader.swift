import Foundation
import Support

/// Reads fields of a provider's JSON reply; a missing or mistyped field throws `malformedReply`
/// with the field's JSON path and the start of the reply.
struct ReplyReader {
    let root: JSONValue
    /// The start of the raw reply, kept for error messages.
    let excerpt: String

    /// Where `root` sits in the reply, when it is one event of a stream (e.g. "event 3").
    let context: String

    init(_ root: JSONValue, raw: String, context: String = "") {
        self.root = root
        self.excerpt = ReplyReader.excerpt(raw)
        self.context = context
    }

    /// Parses one streamed event's data; text that is not JSON is a `malformedReply` naming the
    /// event and the byte where parsing stopped.
    init(event: SSEEvent, index: Int) throws {
        let context = "event \(index)"
        do {
            self.init(try JSONValue(parsing: event.data), raw: event.data, context: context)
        } catch let error as JSONParseError {
            throw ProviderError.malformedReply(path: "\(context) byte \(error.offset)", reason: error.reason,
                                               excerpt: ReplyReader.excerpt(event.data))
        }
    }

    func optional(_ path: JSONPath) -> JSONValue? {
        guard let value = root.value(at: path), !value.isNull else { return nil }
        return value
    }

    func string(_ path: JSONPath) throws -> String {
        guard let value = root.value(at: path) else { throw missing(path, "string") }
        guard let text = value.stringValue else { throw wrongType(path, "string", value) }
        return text
    }

    func optionalString(_ path: JSONPath) throws -> String? {
        guard let value = optional(path) else { return nil }
        guard let text = value.stringValue else { throw wrongType(path, "string", value) }
        return text
    }

    func optionalInt(_ path: JSONPath) throws -> Int? {
        guard let value = optional(path) else { return nil }
        guard let number = value.intValue, number >= 0 else { throw wrongType(path, "non-negative integer", value) }
        return number
    }

    func array(_ path: JSONPath) throws -> [JSONValue] {
        guard let value = root.value(at: path) else { throw missing(path, "array") }
        guard let items = value.arrayValue else { throw wrongType(path, "array", value) }
        return items
    }

    func fail(_ path: JSONPath, _ reason: String) -> ProviderError {
        .malformedReply(path: located(path), reason: reason, excerpt: excerpt)
    }

    private func missing(_ path: JSONPath, _ type: String) -> ProviderError {
        fail(path, "expected a \(type), found nothing")
    }

    private func wrongType(_ path: JSONPath, _ type: String, _ value: JSONValue) -> ProviderError {
        fail(path, "expected a \(type), found \(value.typeName)")
    }

    private func located(_ path: JSONPath) -> String {
        context.isEmpty ? path.description : "\(context) \(path)"
    }

    /// At most 200 characters of a reply, on one line.
    static func excerpt(_ raw: String, limit: Int = 200) -> String {
        let flat = raw.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "..." : flat
    }
}
