import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard input as REPL events, and Ctrl-C (SIGINT) as interrupts.
///
/// Three ways of reading, chosen by what standard input and output are:
/// - `editor` (both a terminal): each line is typed in raw mode through `LineEditor` (cursor keys,
///   history, Tab completion); Ctrl-C at the prompt is a key. Between lines the terminal is back
///   in its own mode, so Ctrl-C during an answer is SIGINT.
/// - `lines` (input a terminal, output not, or TERM=dumb): the terminal's canonical line editing;
///   the prompt goes to standard error.
/// - `script` (input a pipe or file): lines as they come, no prompt.
///
/// SIGINT no longer ends the process: its handler writes one byte to a pipe, and a thread turns
/// each byte into an interrupt, which cancels a running answer or, outside the editor, reaches the
/// prompt as `.interrupt`.
final class TerminalInput: ReplInput, @unchecked Sendable {
    enum Mode { case editor, lines, script }

    let mode: Mode
    let interrupts = InterruptSwitch()
    private let continuation: AsyncStream<ReplEvent>.Continuation
    // Read only by `next(prompt:)`, which the one REPL loop calls and awaits.
    private var iterator: AsyncStream<ReplEvent>.Iterator
    private var editor = LineEditor()
    private var decoder = KeyDecoder()
    /// Keys read after an Enter (pasted lines), for the next line.
    private var pendingKeys: [Key] = []

    init(mode: Mode) throws {
        self.mode = mode
        let (stream, continuation) = AsyncStream.makeStream(of: ReplEvent.self)
        self.continuation = continuation
        iterator = stream.makeAsyncIterator()
        try Self.installInterruptPipe()
        let interrupts = self.interrupts
        Thread {
            var byte: UInt8 = 0
            while read(interruptPipe.read, &byte, 1) == 1 {
                if !interrupts.fire() { continuation.yield(.interrupt) }
            }
        }.start()
        // The editor reads when asked; the other modes read ahead, so lines typed during an answer wait their turn.
        if mode != .editor {
            Thread {
                while let line = readLine(strippingNewline: true) { continuation.yield(.line(line)) }
                continuation.yield(.end)
            }.start()
        }
    }

    /// The mode for this process's standard input and output.
    static func mode(environment: [String: String]) -> Mode {
        guard isatty(STDIN_FILENO) == 1 else { return .script }
        return isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb" ? .editor : .lines
    }

    func next(prompt: String) async -> ReplEvent {
        switch mode {
        case .script:
            return await iterator.next() ?? .end
        case .lines:
            // Standard output is not the terminal here (a file, a pipe): the prompt goes where the person looks.
            Self.show(prompt, to: STDERR_FILENO)
            return await iterator.next() ?? .end
        case .editor:
            return await withCheckedContinuation { (done: CheckedContinuation<ReplEvent, Never>) in
                Thread { done.resume(returning: self.editLine(prompt: prompt)) }.start()
            }
        }
    }

    // MARK: The line editor

    /// Reads one line in raw mode, drawing the editor's line after each batch of keys.
    private func editLine(prompt: String) -> ReplEvent {
        guard let saved = RawMode.enter() else {
            Self.show(prompt)
            return readLine(strippingNewline: true).map { .line($0) } ?? .end
        }
        defer { RawMode.restore(saved) }
        Self.show(prompt)
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            while !pendingKeys.isEmpty {
                let key = pendingKeys.removeFirst()
                switch editor.apply(key) {
                case .editing:
                    if pendingKeys.isEmpty { Self.show(editor.render(prompt: prompt)) }
                case .submit(let line):
                    Self.show("\r" + prompt + line + "\u{1B}[K\n")
                    return .line(line)
                case .interrupt:
                    Self.show("^C")
                    return .interrupt
                case .discarded:
                    Self.show("^C\n" + prompt)
                case .endOfInput:
                    return .end
                case .candidates(let candidates):
                    Self.show("\n" + candidates.joined(separator: "  ") + "\n" + editor.render(prompt: prompt))
                }
            }
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return .end }
            pendingKeys += decoder.feed(Array(buffer[0..<count]))
        }
    }

    /// Writes straight to the terminal (standard output is unbuffered here too, so the order holds).
    private static func show(_ text: String, to descriptor: Int32 = STDOUT_FILENO) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    // MARK: Ctrl-C

    private static func installInterruptPipe() throws {
        guard interruptPipe.read < 0 else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw CommandFailure("cannot create the interrupt pipe: \(String(cString: strerror(errno)))") }
        interruptPipe = (ends[0], ends[1])
        // glibc's and Darwin's signal() keep the handler installed and restart interrupted reads.
        _ = signal(SIGINT, onInterruptSignal)
    }
}

/// The terminal's raw mode while a line is edited: no echo, no line buffering, Ctrl-C and Ctrl-D
/// as bytes. Output processing stays on, so "\n" still moves to the start of the next row.
private enum RawMode {
    static func enter() -> termios? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        return saved
    }

    static func restore(_ saved: termios) {
        var saved = saved
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }
}

/// The pipe SIGINT's handler writes to; set once, before the handler is installed.
private var interruptPipe: (read: Int32, write: Int32) = (-1, -1)

/// Runs in signal context: only write(2), which is async-signal-safe.
private func onInterruptSignal(_: Int32) {
    var byte: UInt8 = 3
    _ = write(interruptPipe.write, &byte, 1)
}
