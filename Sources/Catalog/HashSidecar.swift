import Foundation
import Support

/// A file's SHA-256 remembered beside it (`<file>.sha256`) with the size and modification time
/// it was computed for, so a 500 MB model is hashed once, not on every use. A file whose size or
/// modification time changed is hashed again.
///
/// Format, one line: `<64 hex digits> <size in bytes> <mtime as seconds since 1970>`.
public struct HashSidecar: Equatable, Sendable {
    public let sha256: SHA256Digest
    public let size: Int
    public let modified: Double

    public init(sha256: SHA256Digest, size: Int, modified: Double) {
        self.sha256 = sha256
        self.size = size
        self.modified = modified
    }

    public static func path(for file: String) -> String { file + ".sha256" }

    // MARK: Reading and writing

    /// The sidecar's contents if it exists and parses; a damaged sidecar reads as absent.
    public static func read(for file: String) -> HashSidecar? { read(at: path(for: file)) }

    /// The sidecar stored at `sidecarPath` (beside its file or in an index elsewhere).
    public static func read(at sidecarPath: String) -> HashSidecar? {
        guard let text = try? String(contentsOfFile: sidecarPath, encoding: .utf8) else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 3, let digest = SHA256Digest(hex: String(fields[0])),
              let size = Int(fields[1]), let modified = Double(fields[2]) else { return nil }
        return HashSidecar(sha256: digest, size: size, modified: modified)
    }

    public func write(for file: String) throws { try write(at: Self.path(for: file)) }

    /// Creates the sidecar's folder if needed (an index folder appears on first write, not on first look).
    public func write(at sidecarPath: String) throws {
        let text = "\(sha256.hex) \(size) \(modified)\n"
        do {
            try FileManager.default.createDirectory(atPath: (sidecarPath as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: sidecarPath, atomically: true, encoding: .utf8)
        } catch {
            throw FileIOError(path: sidecarPath, operation: "write", reason: error.localizedDescription)
        }
    }

    // MARK: Verified hashing

    /// The file's size and modification time (following symlinks).
    public static func stamp(of file: String) throws -> (size: Int, modified: Double) {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: resolvedPath(file))
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return (size, modified)
        } catch {
            throw FileIOError(path: file, operation: "read attributes", reason: error.localizedDescription)
        }
    }

    /// The file's SHA-256: from the sidecar when its size and modification time still match,
    /// otherwise computed and remembered. `rehashed` says which happened. The sidecar sits beside
    /// the file unless `sidecarPath` puts it elsewhere (a user's folder may be read-only or shared).
    public static func hash(of file: String, sidecarPath: String? = nil) throws -> (sha256: SHA256Digest, size: Int, rehashed: Bool) {
        let sidecarPath = sidecarPath ?? path(for: file)
        let before = try stamp(of: file)
        if let sidecar = read(at: sidecarPath), sidecar.size == before.size, sidecar.modified == before.modified {
            return (sidecar.sha256, sidecar.size, false)
        }
        let digest = try SHA256.hash(fileAt: file)
        let after = try stamp(of: file)
        // Remember the hash only if the file did not change while it was read. A sidecar that
        // cannot be written (read-only directory) only costs a rehash next time.
        if after == before {
            try? HashSidecar(sha256: digest, size: after.size, modified: after.modified).write(at: sidecarPath)
        }
        return (digest, after.size, true)
    }

    /// FileManager's attributes describe a symlink itself; the cache may hold symlinks to models.
    private static func resolvedPath(_ file: String) -> String {
        (file as NSString).resolvingSymlinksInPath
    }
}
