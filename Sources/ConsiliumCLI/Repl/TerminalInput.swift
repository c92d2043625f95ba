import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard input as REPL events, and Ctrl-C (SIGINT) as interrupts.
///
/// Lines are read on a thread of their own in the terminal's canonical mode (its own line
/// editing), so text typed while an answer streams waits its turn. SIGINT no longer ends the
/// process: its handler writes one byte to a pipe, and a second thread turns each byte into an
/// interrupt, which cancels a running answer or reaches the prompt as `.interrupt`.
final class TerminalInput: ReplInput, @unchecked Sendable {
    let interrupts = InterruptSwitch()
    private let continuation: AsyncStream<ReplEvent>.Continuation
    // Read only by `next()`, which the one REPL loop calls.
    private var iterator: AsyncStream<ReplEvent>.Iterator

    init() throws {
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
        Thread {
            while let line = readLine(strippingNewline: true) { continuation.yield(.line(line)) }
            continuation.yield(.end)
        }.start()
    }

    func next() async -> ReplEvent {
        await iterator.next() ?? .end
    }

    /// Whether standard input (or output) is a terminal rather than a pipe or file.
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    private static func installInterruptPipe() throws {
        guard interruptPipe.read < 0 else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw CommandFailure("cannot create the interrupt pipe: \(String(cString: strerror(errno)))") }
        interruptPipe = (ends[0], ends[1])
        // glibc's and Darwin's signal() keep the handler installed and restart interrupted reads.
        _ = signal(SIGINT, onInterruptSignal)
    }
}

/// The pipe SIGINT's handler writes to; set once, before the handler is installed.
private var interruptPipe: (read: Int32, write: Int32) = (-1, -1)

/// Runs in signal context: only write(2), which is async-signal-safe.
private func onInterruptSignal(_: Int32) {
    var byte: UInt8 = 3
    _ = write(interruptPipe.write, &byte, 1)
}
