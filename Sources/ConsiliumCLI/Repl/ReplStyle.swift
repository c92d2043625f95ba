/// How the REPL decorates its output: ANSI colours on a terminal, plain text elsewhere (a pipe,
/// a file, `NO_COLOR`, `TERM=dumb`), so scripts and logs hold no escape codes.
struct ReplStyle {
    let colours: Bool

    static let plain = ReplStyle(colours: false)

    /// Colours only when standard output is a terminal that wants them (https://no-color.org).
    static func forTerminal(outputIsTerminal: Bool, environment: [String: String]) -> ReplStyle {
        let wanted = environment["NO_COLOR"].map(\.isEmpty) ?? true
        return ReplStyle(colours: outputIsTerminal && wanted && environment["TERM"] != "dumb")
    }

    func prompt(_ text: String) -> String { paint(text, "1;36") }
    func note(_ text: String) -> String { paint(text, "2") }
    func error(_ text: String) -> String { paint(text, "31") }
    func role(_ text: String) -> String { paint(text, "1") }

    private func paint(_ text: String, _ code: String) -> String {
        colours ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
