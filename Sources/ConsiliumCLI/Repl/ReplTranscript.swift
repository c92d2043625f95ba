import Foundation
import Providers
import Support

/// The REPL's conversation as a file: `/save` writes it with the settings and the run id (so the
/// store's records of its calls can be found); `/load` reads one back, or a plain message array.
enum ReplTranscript {
    static let format = "consilium.repl.transcript/1"

    /// The session as JSON: messages, model, settings, schema file, run and database.
    static func json(_ session: ReplSession) -> JSONValue {
        .object([
            "format": .string(format),
            "run_id": .string(session.runID.rawValue),
            "database": .string(session.recorder.databasePath),
            "model": .string(session.model.label),
            "provider": .string(session.model.provider.identity.description),
            "system": session.system.map { .string($0) } ?? .null,
            "sampling": session.sampling.recordJSON,
            "schema": session.schema.map { .string($0.path) } ?? .null,
            "messages": ChatRequest.Message.recordJSON(session.history),
        ])
    }

    static func save(_ session: ReplSession, to path: String) throws {
        do {
            try Data((json(session).prettyText + "\n").utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw SlashCommandError(command: "save", "\(path): cannot write: \(error.localizedDescription)")
        }
    }

    /// The messages of a saved transcript or of a `[{"role", "content"}]` array, and the system
    /// message (a transcript's "system", or the array's first message when it is one).
    static func load(_ path: String) throws -> (messages: [ChatRequest.Message], system: String?) {
        func fail(_ reason: String) -> SlashCommandError { SlashCommandError(command: "load", "\(path): \(reason)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch { throw fail("\(error)") }
        var system: String?
        let list: JSONValue
        let listPath: String
        if let messages = value["messages"] {
            list = messages
            listPath = "$.messages"
            if let given = value["system"], !given.isNull {
                guard let text = given.stringValue else { throw fail("$.system: expected a string or null, found \(given.typeName)") }
                system = text
            }
        } else {
            list = value
            listPath = "$"
        }
        guard let items = list.arrayValue else {
            throw fail("\(listPath): expected an array of {\"role\", \"content\"} messages, found \(list.typeName)")
        }
        var messages: [ChatRequest.Message] = []
        for (index, item) in items.enumerated() {
            let at = "\(listPath)[\(index)]"
            guard let roleName = item["role"]?.stringValue, let role = ChatRequest.Role(rawValue: roleName) else {
                throw fail("\(at).role: expected \"system\", \"user\" or \"assistant\"")
            }
            guard let content = item["content"]?.stringValue else { throw fail("\(at).content: expected a string") }
            if role == .system {
                guard index == 0, system == nil else { throw fail("\(at): a system message may only come first") }
                system = content
            } else {
                messages.append(ChatRequest.Message(role: role, content: content))
            }
        }
        return (messages, system)
    }
}
