import Foundation
import Inference
import Support

/// Reads a conversation from a JSON file: `[{"role": "user", "content": "..."}, ...]`.
enum ChatMessagesFile {
    static let roles: Set<String> = ["system", "user", "assistant"]

    static func read(_ path: String) throws -> [ChatMessage] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("\(path): cannot read the messages file")
            }
            data = contents
        }
        return try parse(data, source: path == "-" ? "standard input" : path)
    }

    static func parse(_ data: Data, source: String) throws -> [ChatMessage] {
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch { throw CommandFailure("\(source): \(error)") }
        guard let items = value.arrayValue else {
            throw CommandFailure("\(source): expected a JSON array of messages, found \(value.typeName)")
        }
        guard !items.isEmpty else { throw CommandFailure("\(source): the message list is empty") }
        return try items.enumerated().map { index, item in
            let at = "\(source): $[\(index)]"
            guard let role = item["role"]?.stringValue else { throw CommandFailure("\(at).role: expected a string") }
            guard roles.contains(role) else {
                throw CommandFailure("\(at).role: expected one of \(roles.sorted().joined(separator: ", ")), found \"\(role)\"")
            }
            guard let content = item["content"]?.stringValue else { throw CommandFailure("\(at).content: expected a string") }
            return ChatMessage(role: role, content: content)
        }
    }
}
