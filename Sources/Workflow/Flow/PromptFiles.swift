import Foundation
import Support

/// Reads templates and schema files from the prompts directory, once each, refusing paths that
/// leave it. Failures are reasons for the flow check to report at the field that named the file.
struct PromptFiles {
    let root: URL
    private var templates: [String: Result<Template, PromptFileError>] = [:]
    private var schemas: [String: Result<JSONSchema, PromptFileError>] = [:]

    struct PromptFileError: Error { let reason: String }

    init(root: URL) { self.root = root }

    mutating func template(_ path: String) -> Result<Template, PromptFileError> {
        if let cached = templates[path] { return cached }
        let result = Result<Template, PromptFileError> { () throws(PromptFileError) -> Template in
            let url = try locate(path, what: "template")
            do {
                return try Template(contentsOf: url, name: path)
            } catch {
                throw PromptFileError(reason: "template \(error)")
            }
        }
        templates[path] = result
        return result
    }

    mutating func schema(_ path: String) -> Result<JSONSchema, PromptFileError> {
        if let cached = schemas[path] { return cached }
        let result = Result<JSONSchema, PromptFileError> { () throws(PromptFileError) -> JSONSchema in
            let url = try locate(path, what: "schema")
            guard let data = try? Data(contentsOf: url) else { throw PromptFileError(reason: "cannot read schema file \(path)") }
            let document: JSONValue
            do {
                document = try JSONValue(parsing: data)
            } catch let error as JSONParseError {
                throw PromptFileError(reason: "schema file \(path):\(TextLocation(offset: error.offset, in: [UInt8](data))): invalid JSON: \(error.reason)")
            } catch {
                throw PromptFileError(reason: "schema file \(path): \(error)")
            }
            do {
                return try JSONSchema(compiling: document)
            } catch let error as SchemaCompileError {
                let map = try? JSONSourceMap(bytes: [UInt8](data))
                let location = map.map { ":\($0.location(of: error.path))" } ?? ""
                throw PromptFileError(reason: "schema file \(path)\(location): \(error.path): \(error.reason)")
            } catch {
                throw PromptFileError(reason: "schema file \(path): \(error)")
            }
        }
        schemas[path] = result
        return result
    }

    /// The file for a path relative to the root; absolute paths and `..` are refused so a flow
    /// reads only prompt files.
    private func locate(_ path: String, what: String) throws(PromptFileError) -> URL {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains("") else {
            throw PromptFileError(reason: "\(what) path \"\(path)\" must be relative to the prompts directory, without '..' or empty parts")
        }
        let url = root.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw PromptFileError(reason: "\(what) file \"\(path)\" not found in \(root.path)")
        }
        return url
    }
}
