import Foundation

/// The temporary files of one fetch, in the cache directory (so the final rename stays on one
/// file system): a work directory for pip's wheels and the partial model file. Their names carry
/// the fetching process's id, so scratch left by a fetch that was killed (Ctrl-C) can be told
/// from that of a fetch still running, and removed by the next one.
struct FetchScratch {
    let workDirectory: String
    let partialPath: String

    static let workPrefix = ".fetch-"
    static let partialPrefix = ".partial-"

    init(cacheDirectory: String, id: String, processID: Int32 = getpid()) {
        let tag = "\(processID)-\(UUID().uuidString.prefix(8))-\(id)"
        workDirectory = cacheDirectory + "/" + Self.workPrefix + tag
        partialPath = cacheDirectory + "/" + Self.partialPrefix + tag + ".gguf"
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: workDirectory)
        try? FileManager.default.removeItem(atPath: partialPath)
    }

    /// Removes scratch entries in `directory` whose process no longer runs; returns their names.
    @discardableResult
    static func removeAbandoned(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed: [String] = []
        for name in names {
            guard let prefix = [workPrefix, partialPrefix].first(where: { name.hasPrefix($0) }),
                  let pidText = name.dropFirst(prefix.count).split(separator: "-").first,
                  let pid = Int32(pidText), !isRunning(pid) else { continue }
            if (try? FileManager.default.removeItem(atPath: directory + "/" + name)) != nil { removed.append(name) }
        }
        return removed
    }

    /// Signal 0 checks that the process exists without touching it; EPERM means it exists
    /// under another user.
    private static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
