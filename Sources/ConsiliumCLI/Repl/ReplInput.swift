import Foundation

/// What the REPL reads next: a line, an interrupt (Ctrl-C while no answer runs), or the end of input.
enum ReplEvent: Equatable, Sendable {
    case line(String)
    case interrupt
    case end
}

/// Where the REPL's lines come from: the terminal, a pipe, or a test's script.
protocol ReplInput: AnyObject, Sendable {
    /// Shows `prompt` where a person types (a terminal; not a script) and waits for the next
    /// line, interrupt or end of input.
    func next(prompt: String) async -> ReplEvent
    /// Where an interrupt goes while an answer is being generated.
    var interrupts: InterruptSwitch { get }
}

/// Routes Ctrl-C: to the running answer (which it cancels) when one is armed, else back to the
/// caller, which delivers it as an event at the prompt.
final class InterruptSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable () -> Void)?

    init() {}

    /// While armed, an interrupt calls `handler` instead of reaching the prompt.
    func arm(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        self.handler = handler
        lock.unlock()
    }

    func disarm() {
        lock.lock()
        handler = nil
        lock.unlock()
    }

    /// Delivers one interrupt; true when an armed answer took it.
    @discardableResult
    func fire() -> Bool {
        lock.lock()
        let current = handler
        lock.unlock()
        current?()
        return current != nil
    }
}
