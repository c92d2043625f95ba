import Foundation
import Support

/// A model as the user names it: a catalog id, or the path of any GGUF file.
public enum ModelReference: Equatable, Sendable {
    case catalog(ModelCatalogEntry)
    /// An absolute path to an existing file.
    case file(path: String)

    /// Reads what the user typed. A catalog id wins over a file of the same name; anything
    /// else is a path if it contains "/", ends in ".gguf" or names an existing file.
    /// Throws `ModelReferenceError` for an unknown id (with suggestions) or a missing file.
    public static func resolve(_ text: String, catalog: ModelCatalog = .standard,
                               workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> ModelReference {
        if let entry = catalog.entry(id: text) { return .catalog(entry) }
        guard !text.isEmpty else { throw ModelReferenceError.empty(known: catalog.entries.map(\.id)) }

        let absolute = text.hasPrefix("/") ? text : workingDirectory + "/" + text
        let path = (absolute as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { return .file(path: path) }
        if exists { throw ModelReferenceError.notAFile(path: path) }
        if text.contains("/") || text.hasSuffix(".gguf") { throw ModelReferenceError.fileMissing(path: path) }
        throw ModelReferenceError.unknownID(text, suggestions: catalog.suggestions(for: text),
                                            known: catalog.entries.map(\.id))
    }

    /// Resolves `text` to a local file and its identity. A catalog model missing from the cache
    /// (or cached with the wrong hash) is fetched when `fetchIfMissing`, else reported with the
    /// command that fetches it. A file given by path is hashed once (about a second per 300 MB)
    /// and its hash remembered while its size and modification time stay the same: beside cache
    /// files, in the cache's hash index for files elsewhere.
    public static func resolve(_ text: String, fetchIfMissing: Bool, environment: [String: String],
                               catalog: ModelCatalog = .standard,
                               progress: (FetchEvent) -> Void = { _ in }) throws -> ModelFile {
        let cache = ModelCache(environment: environment)
        switch try resolve(text, catalog: catalog) {
        case .catalog(let entry):
            return try identity(of: entry, cache: cache, fetchIfMissing: fetchIfMissing, environment: environment,
                                progress: progress)
        case .file(let path):
            let inCache = (path as NSString).deletingLastPathComponent == (cache.directory as NSString).standardizingPath
            let sidecar = inCache ? nil : cache.outsideFileSidecarPath(for: path)
            let (digest, size, _) = try HashSidecar.hash(of: path, sidecarPath: sidecar)
            return ModelFile(id: nil, path: path, sha256: digest, size: size)
        }
    }

    /// The cached file of a catalog entry, fetched first if allowed.
    public static func identity(of entry: ModelCatalogEntry, cache: ModelCache, fetchIfMissing: Bool,
                                environment: [String: String],
                                progress: (FetchEvent) -> Void = { _ in }) throws -> ModelFile {
        if fetchIfMissing {
            return try ModelFetcher(cache: cache, environment: environment).fetch(entry, progress: progress)
        }
        switch try cache.status(of: entry) {
        case .verified(let identity):
            return identity
        case .missing:
            throw ModelReferenceError.notCached(id: entry.id, path: cache.path(for: entry.id))
        case .mismatched(let path, let found, _):
            throw ModelReferenceError.cachedFileMismatch(id: entry.id, path: path, expected: entry.sha256, found: found)
        }
    }
}

/// A model name that does not lead to a usable file.
public enum ModelReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty(known: [String])
    case unknownID(String, suggestions: [String], known: [String])
    case fileMissing(path: String)
    case notAFile(path: String)
    case notCached(id: String, path: String)
    case cachedFileMismatch(id: String, path: String, expected: SHA256Digest, found: SHA256Digest)

    public var description: String {
        switch self {
        case .empty(let known):
            return "no model named; use a catalog id (\(known.joined(separator: ", "))) or the path of a GGUF file"
        case .unknownID(let text, let suggestions, let known):
            let hint = suggestions.isEmpty
                ? "known ids: \(known.joined(separator: ", "))"
                : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            return "unknown model '\(text)': not a catalog id and no such file; \(hint)"
        case .fileMissing(let path):
            return "model file \(path) does not exist"
        case .notAFile(let path):
            return "model path \(path) is a directory, not a GGUF file"
        case .notCached(let id, let path):
            return "model \(id) is not in the cache (\(path)); run `consilium models fetch \(id)`"
        case .cachedFileMismatch(let id, let path, let expected, let found):
            return "cached model \(path) has sha256 \(found.hex), the catalog expects \(expected.hex) for \(id); "
                + "run `consilium models fetch \(id)` to replace it"
        }
    }
}
