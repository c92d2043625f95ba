/// How the REPL decorates its output: ANSI colours on a terminal that draws them, plain text
/// elsewhere (a pipe, a file, `NO_COLOR`, `TERM=dumb`), so scripts and logs hold no escape codes.
struct ReplStyle {
    let colours: Bool

    static let plain = ReplStyle(colours: false)

    /// For a terminal (input and output): colours unless `NO_COLOR` is set (https://no-color.org).
    static func forTerminal(environment: [String: String]) -> ReplStyle {
        ReplStyle(colours: environment["NO_COLOR"].map(\.isEmpty) ?? true)
    }

    func prompt(_ text: String) -> String { paint(text, "1;36") }
    func note(_ text: String) -> String { paint(text, "2") }
    func error(_ text: String) -> String { paint(text, "31") }
    func role(_ text: String) -> String { paint(text, "1") }

    private func paint(_ text: String, _ code: String) -> String {
        colours ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
