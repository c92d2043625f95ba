/// Holds back streamed text that might be the start of a stop string, so a stop string never
/// reaches the caller, even when it arrives split across tokens.
public struct StopStringFilter {
    public let stops: [String]
    private var pending = ""

    public init(stops: [String]) { self.stops = stops }

    /// Adds text; returns what can be shown now and whether a stop string was completed
    /// (then the text before it is returned and everything after is dropped).
    public mutating func push(_ text: String) -> (visible: String, stopped: Bool) {
        guard !stops.isEmpty else { return (text, false) }
        pending += text
        if let cut = stops.compactMap({ pending.firstRange(of: $0)?.lowerBound }).min() {
            let visible = String(pending[..<cut])
            pending = ""
            return (visible, true)
        }
        // Keep the longest suffix of `pending` that is a prefix of some stop string.
        var keep = 0
        for stop in stops {
            var n = min(stop.count, pending.count)
            while n > 0 {
                if pending.hasSuffix(String(stop.prefix(n))) { keep = max(keep, n); break }
                n -= 1
            }
        }
        let visible = String(pending.dropLast(keep))
        pending = String(pending.suffix(keep))
        return (visible, false)
    }

    /// Releases held-back text at the end of generation.
    public mutating func flush() -> String {
        defer { pending = "" }
        return pending
    }
}
