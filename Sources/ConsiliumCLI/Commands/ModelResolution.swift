import Foundation

/// A model file chosen for a command, with what is known of its identity.
struct ResolvedModel {
    var id: String?
    var path: String
    var sha256: String?
    var sizeBytes: Int
}

/// Turns a `--model` value into a file: a GGUF path, or a catalog id looked up in the model cache.
enum ModelResolution {
    static let defaultModelID = "smollm2-135m-instruct-q4_1"

    static func cacheDirectory(_ env: [String: String]) -> String {
        if let dir = env["CONSILIUM_MODELS"], !dir.isEmpty { return dir }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/consilium/models" }
        return NSHomeDirectory() + "/.cache/consilium/models"
    }

    static func resolve(_ reference: String, environment: [String: String], log: any TextWriter) throws -> ResolvedModel {
        let fm = FileManager.default
        if reference.hasSuffix(".gguf") || reference.contains("/") {
            guard fm.fileExists(atPath: reference) else { throw CommandFailure("\(reference): no such model file") }
            return ResolvedModel(id: nil, path: reference, sha256: nil, sizeBytes: fileSize(reference))
        }
        let path = cacheDirectory(environment) + "/" + reference + ".gguf"
        guard fm.fileExists(atPath: path) else {
            throw CommandFailure("model \(reference) is not in the cache (\(cacheDirectory(environment))); run 'consilium models fetch \(reference)'")
        }
        return ResolvedModel(id: reference, path: path, sha256: nil, sizeBytes: fileSize(path))
    }

    static func fileSize(_ path: String) -> Int {
        // Follows symlinks: a cache entry may link to a file elsewhere.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return ((try? FileManager.default.attributesOfItem(atPath: target))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
