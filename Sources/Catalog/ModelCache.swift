import Foundation
import Support

/// The directory holding fetched models as `<id>.gguf`, each with a hash sidecar.
///
/// The directory is `$CONSILIUM_MODELS`, else `$XDG_CACHE_HOME/consilium/models`, else
/// `~/.cache/consilium/models` (empty variables count as unset).
public struct ModelCache: Equatable, Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The cache the environment selects.
    public init(environment: [String: String]) {
        if let dir = environment["CONSILIUM_MODELS"], !dir.isEmpty {
            directory = dir
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            directory = xdg + "/consilium/models"
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            directory = home + "/.cache/consilium/models"
        }
    }

    public func path(for id: String) -> String {
        directory + "/" + id + ".gguf"
    }

    /// Where the hash of a model file outside the cache is remembered: one sidecar per absolute
    /// path under `hashes/`, so `--model /data/x.gguf` is hashed once, not on every start, and
    /// nothing is written beside the user's file. The folder appears with the first sidecar written.
    public func outsideFileSidecarPath(for file: String) -> String {
        let key = SHA256.hash(Array((file as NSString).standardizingPath.utf8)).hex
        return directory + "/hashes/" + key + ".sha256"
    }

    /// What the cache holds for a catalog entry.
    public enum Status: Equatable, Sendable {
        case missing
        /// Present with the catalog's hash.
        case verified(ModelFile)
        /// Present but with other bytes: damaged, truncated or replaced.
        case mismatched(path: String, found: SHA256Digest, size: Int)
    }

    /// Checks the cached file against the catalog's hash (through its sidecar, so normally
    /// without reading the file).
    public func status(of entry: ModelCatalogEntry) throws -> Status {
        let path = path(for: entry.id)
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        let (digest, size, _) = try HashSidecar.hash(of: path)
        guard digest == entry.sha256, size == entry.size else {
            return .mismatched(path: path, found: digest, size: size)
        }
        return .verified(ModelFile(id: entry.id, path: path, sha256: digest, size: size))
    }
}
