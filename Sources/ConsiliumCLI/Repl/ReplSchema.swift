import Foundation
import Inference
import Providers
import Support
import Workflow

/// The JSON Schema answers must meet while `/schema FILE` is on: its source (sent, and hashed
/// into each call's identity) and its compiled form (every answer is validated against it).
struct ReplSchema {
    let path: String
    let source: JSONValue
    let compiled: JSONSchema

    /// Reads and compiles the schema at `path`. For a local model it must also give a decoding
    /// grammar, else every answer would fail; the error says which keyword is out of reach.
    static func read(_ path: String, forLocalModel local: Bool) throws -> ReplSchema {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SlashCommandError(command: "schema", "\(path): cannot read the file")
        }
        do {
            let source = try JSONValue(parsing: data)
            let compiled = try JSONSchema(compiling: source)
            if local { _ = try JSONSchemaGrammar(schema: source) }
            return ReplSchema(path: path, source: source, compiled: compiled)
        } catch {
            throw SlashCommandError(command: "schema", "\(path): \(error)")
        }
    }

    /// As providers take it. Not strict: servers' strict modes refuse keywords a schema may use;
    /// every answer is validated here anyway.
    var responseSchema: ResponseSchema {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = String(stem.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }.prefix(64))
        return ResponseSchema(name: name.isEmpty ? "answer" : name, schema: source, strict: false)
    }
}
