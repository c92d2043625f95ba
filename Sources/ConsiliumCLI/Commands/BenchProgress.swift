import ExamRunner
import Foundation
import Provenance

/// Progress of a benchmark run on standard error (never standard output, which holds the results):
/// a bar redrawn in place with rate and ETA when standard error is a terminal, otherwise a plain
/// line about every tenth of the run or every 10 seconds, so logs stay short.
final class BenchProgress: @unchecked Sendable {
    private let writer: any TextWriter
    private let terminal: Bool
    private let lock = NSLock()
    private var started = Date()
    private var lastLine = Date.distantPast
    private var lastDone = 0

    init(context: CommandContext) {
        writer = context.stderr
        terminal = context.stderr is FileHandleWriter && isatty(STDERR_FILENO) == 1
    }

    func handle(_ event: ExamBenchLaunch.Event) {
        switch event {
        case .loadProblems(let problems):
            writer.writeLine("left out \(problems.count) item(s) of the set:")
            for problem in problems.prefix(20) { writer.writeLine("  \(problem)") }
            if problems.count > 20 { writer.writeLine("  ... and \(problems.count - 20) more") }
        case .runStarted(let id, let model, let mode, let calls):
            lock.lock()
            started = Date()
            lastLine = .distantPast
            lastDone = 0
            lock.unlock()
            writer.writeLine("run \(id): \(model), mode \(mode.commandName), \(calls) calls (if interrupted: consilium bench run --resume \(id))")
        case .progress(let progress):
            advance(progress)
        }
    }

    /// A judge run of `consilium bench judge` starts (the timer restarts for its rate and ETA).
    func judgeStarted(_ id: RunID, judge: String, items: Int) {
        lock.lock()
        started = Date()
        lastLine = .distantPast
        lastDone = 0
        lock.unlock()
        writer.writeLine("run \(id): judge \(judge), \(items) calls (if interrupted: consilium bench judge --resume \(id))")
    }

    /// Any other run starts (the timer restarts for its rate and ETA); `line` says which and how to resume it.
    func runStarted(_ line: String) {
        lock.lock()
        started = Date()
        lastLine = .distantPast
        lastDone = 0
        lock.unlock()
        writer.writeLine(line)
    }

    func advance(_ progress: ExamProgress) {
        lock.lock()
        defer { lock.unlock() }
        let line = Self.line(progress, elapsed: Date().timeIntervalSince(started), bar: terminal)
        if terminal {
            writer.write("\r" + line + (progress.done == progress.total ? "\n" : ""))
            return
        }
        let step = max(1, progress.total / 10)
        if progress.done == progress.total || progress.done - lastDone >= step || Date().timeIntervalSince(lastLine) >= 10 {
            writer.writeLine(line)
            lastLine = Date()
            lastDone = progress.done
        }
    }

    /// `[#####.....] 12/50 24%  3.1 calls/s  ETA 0:12  (1 transport error)`.
    static func line(_ p: ExamProgress, elapsed: Double, bar: Bool) -> String {
        let fraction = p.total == 0 ? 1 : Double(p.done) / Double(p.total)
        var out = ""
        if bar {
            let width = 24, filled = Int((fraction * Double(width)).rounded(.down))
            out += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
        }
        out += "\(p.done)/\(p.total) \(Int(fraction * 100))%"
        // The rate counts calls the model answered: cache hits and a resumed run's records take no time.
        if elapsed > 0, p.asked > 0 {
            let rate = Double(p.asked) / elapsed
            out += String(format: "  %.2f calls/s", rate)
            if p.done < p.total { out += "  ETA " + clock(Double(p.total - p.done) / rate) }
        }
        if p.transportErrors > 0 { out += "  (\(p.transportErrors) transport error\(p.transportErrors == 1 ? "" : "s"))" }
        return out
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
