/// The line being typed at the REPL's prompt: a cursor, the earlier lines (Up and Down browse them)
/// and Tab completion of slash commands. Pure state, so every key is testable without a terminal;
/// `TerminalInput` feeds it keys in raw mode and draws what `render` returns.
struct LineEditor {
    enum Outcome: Equatable {
        case editing
        /// Enter: the line, now also the newest history entry (unless blank or a repeat).
        case submit(String)
        /// Ctrl-C on an empty line.
        case interrupt
        /// Ctrl-C on a line with text: the text is dropped and a fresh line begins.
        case discarded
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Tab with several completions and no longer common prefix: show them.
        case candidates([String])
    }

    private(set) var text: [Character] = []
    private(set) var cursor = 0
    private(set) var history: [String] = []
    /// The history entry shown while browsing, and the unfinished line browsing started from.
    private var browsing: Int?
    private var draft: [Character] = []
    /// Whole-line completions of the text before the cursor.
    let completions: (String) -> [String]

    init(history: [String] = [], completions: @escaping (String) -> [String] = SlashCommand.completions) {
        self.history = history
        self.completions = completions
    }

    var line: String { String(text) }

    mutating func apply(_ key: Key) -> Outcome {
        switch key {
        case .character(let c):
            text.insert(c, at: cursor)
            cursor += 1
        case .enter:
            let submitted = line
            if !submitted.allSatisfy(\.isWhitespace), history.last != submitted { history.append(submitted) }
            clear()
            return .submit(submitted)
        case .tab:
            return complete()
        case .backspace where cursor > 0:
            cursor -= 1
            text.remove(at: cursor)
        case .delete where cursor < text.count:
            text.remove(at: cursor)
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        case .up: browse(by: -1)
        case .down: browse(by: 1)
        case .interrupt:
            let empty = text.isEmpty
            clear()
            return empty ? .interrupt : .discarded
        case .endOfInput:
            if text.isEmpty { return .endOfInput }
            if cursor < text.count { text.remove(at: cursor) }
        case .killToStart:
            text.removeFirst(cursor)
            cursor = 0
        case .killToEnd:
            text.removeLast(text.count - cursor)
        case .killWord:
            var start = cursor
            while start > 0, text[start - 1].isWhitespace { start -= 1 }
            while start > 0, !text[start - 1].isWhitespace { start -= 1 }
            text.removeSubrange(start..<cursor)
            cursor = start
        case .backspace, .delete:
            break
        }
        return .editing
    }

    /// Redraws the line after `prompt` and puts the cursor in place:
    /// back to the line's start, the text, the rest of the row cleared, the cursor moved back.
    func render(prompt: String) -> String {
        let back = text.count - cursor
        return "\r" + prompt + line + "\u{1B}[K" + (back > 0 ? "\u{1B}[\(back)D" : "")
    }

    private mutating func clear() {
        text = []
        cursor = 0
        browsing = nil
        draft = []
    }

    /// Up (-1) or Down (+1) through the history; Down past the newest entry returns to the draft.
    private mutating func browse(by step: Int) {
        guard !history.isEmpty else { return }
        let current = browsing ?? history.count
        if browsing == nil { draft = text }
        let next = min(max(0, current + step), history.count)
        browsing = next == history.count ? nil : next
        text = browsing.map { Array(history[$0]) } ?? draft
        cursor = text.count
    }

    /// Completes the text before the cursor (at the line's end only): one candidate is taken with
    /// a space after it; several are narrowed to their common prefix, or listed when it is no longer.
    private mutating func complete() -> Outcome {
        guard cursor == text.count else { return .editing }
        let candidates = completions(line)
        guard let first = candidates.first else { return .editing }
        if candidates.count == 1 {
            // A `NAME=` completion is followed by its value, not by a space.
            text = Array(first.hasSuffix("=") ? first : first + " ")
        } else {
            let common = candidates.dropFirst().reduce(Array(first)) { prefix, candidate in
                Array(zip(prefix, candidate).prefix { $0 == $1 }.map(\.0))
            }
            guard common.count > text.count else { return .candidates(candidates) }
            text = common
        }
        cursor = text.count
        return .editing
    }
}
