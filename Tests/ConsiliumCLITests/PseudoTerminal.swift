import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A program running in a pseudo-terminal, driven like a person at the keyboard: the test types
/// bytes into the terminal and reads the screen back.
///
/// The child is a session leader whose controlling terminal is the pty (posix_spawn with SETSID,
/// then opening the pty as standard input), so Ctrl-C typed as byte 3 reaches it as SIGINT through
/// the terminal's line discipline, as it would from a keyboard.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    /// Everything the program wrote to the terminal so far (the terminal's echo of typed text included).
    private var bytes: [UInt8] = []

    var screen: String { String(decoding: bytes, as: UTF8.self) }
    /// A place on the screen: what follows it is what was written after now.
    var mark: Int { bytes.count }

    init(executable: URL, arguments: [String], environment: [String: String]) throws {
        #if os(Linux)
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw Self.failure("openpty") }
        defer { close(slave) }
        guard let name = ttyname(slave) else { throw Self.failure("ttyname") }
        let slaveName = String(cString: name)
        self.master = master

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, opening the terminal (without O_NOCTTY) makes it the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (0x80, glibc >= 2.26) is declared only under _GNU_SOURCE, so it is spelled here.
        let setsid: Int32 = 0x80
        var defaults = sigset_t(), none = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Self.failure("posix_spawn", code: status) }
        pid = child
        #else
        throw XCTSkip("the pseudo-terminal helper is written for Linux")
        #endif
    }

    deinit {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` as keystrokes ("\n" is Enter, "\u{03}" is Ctrl-C, "\u{04}" is Ctrl-D).
    func type(_ text: String) {
        let data = Array(text.utf8)
        data.withUnsafeBytes { _ = write(master, $0.baseAddress, $0.count) }
    }

    /// Reads the screen until `predicate` holds for the text after `offset`, or fails after `timeout` seconds.
    @discardableResult
    func waitFor(after offset: Int = 0, timeout: Double = 60, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let tail = String(decoding: bytes[min(offset, bytes.count)...], as: UTF8.self)
            if predicate(tail) { return tail }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, readSome(timeout: remaining) else {
                XCTFail("waited for \(what); the screen shows:\n\(screen)", file: file, line: line)
                throw CocoaError(.fileReadUnknown)
            }
        }
    }

    /// Waits for `text` to appear after `offset`.
    @discardableResult
    func waitFor(_ text: String, after offset: Int = 0, timeout: Double = 60,
                 file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor(after: offset, timeout: timeout, "\"\(text)\"", file: file, line: line) { $0.contains(text) }
    }

    /// The exit status once the program ends, reading the screen meanwhile; nil if it was still running after `timeout`.
    func exitStatus(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                while readSome(timeout: 0.05) {}
                // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
                return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
            }
            _ = readSome(timeout: 0.05)
        }
        return nil
    }

    /// Reads what is available within `timeout`; false at the end of output or when nothing came.
    private func readSome(timeout: Double) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(max(1, timeout * 1000))) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }
        bytes += buffer[0..<count]
        return true
    }

    private static func failure(_ call: String, code: Int32 = errno) -> Error {
        NSError(domain: "PseudoTerminal", code: Int(code), userInfo: [NSLocalizedDescriptionKey: "\(call): \(String(cString: strerror(code)))"])
    }
}
