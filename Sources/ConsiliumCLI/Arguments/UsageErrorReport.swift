import Foundation

/// Renders an `ArgumentError` for the terminal: the error line, the command line with the
/// offending word underlined, and where to find help.
///
/// ```
/// error: unknown option '--temprature'; did you mean '--temperature'? (argument 2: '--temprature')
///   consilium generate --temprature 0.5
///                      ^^^^^^^^^^^^
/// See 'consilium generate --help'.
/// ```
public struct UsageErrorReport: Sendable {
    public var error: ArgumentError
    /// The words after the program name, as typed.
    public var words: [String]
    /// Shown in place of argv[0], which may be a long path.
    public var programName: String
    /// The command whose help the last line points to, e.g. ["consilium", "generate"].
    public var helpPath: [String]

    public init(error: ArgumentError, words: [String], programName: String, helpPath: [String]) {
        self.error = error
        self.words = words
        self.programName = programName
        self.helpPath = helpPath
    }

    /// The report, ending with a newline.
    public var text: String {
        var lines = ["error: \(error.description)"]
        lines += commandLineWithMarker()
        lines.append("See '\(helpPath.joined(separator: " ")) --help'.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The command line and a marker line under the word at the error's location; nothing when
    /// the error has no location inside the line.
    private func commandLineWithMarker() -> [String] {
        let shown = [programName] + words.map(Self.quotedIfNeeded)
        let indent = "  "
        let line = indent + shown.joined(separator: " ")
        switch error.location {
        case .argument(let index, _)? where index >= 1 && index <= words.count:
            // shown[index] is the word; everything before it plus one separating space each.
            let column = indent.count + shown[..<index].reduce(0) { $0 + $1.count + 1 }
            let marker = String(repeating: "^", count: max(shown[index].count, 1))
            return [line, String(repeating: " ", count: column) + marker]
        case .endOfLine?:
            return [line, String(repeating: " ", count: line.count + 1) + "^"]
        default:
            return []
        }
    }

    /// Words the shell would split or drop are shown in single quotes so columns match what a
    /// user could paste back.
    private static func quotedIfNeeded(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { !$0.isWhitespace && !"'\"\\$`".contains($0) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
