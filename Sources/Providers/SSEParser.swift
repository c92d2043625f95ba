/// One server-sent event: its `event:` name (nil when absent) and its `data:` lines joined by "\n".
struct SSEEvent: Equatable {
    var name: String?
    var data: String
}

/// Splits a `text/event-stream` body into events as bytes arrive (WHATWG HTML, "Server-sent events").
///
/// Lines end in LF, CRLF or CR; a blank line ends an event; lines starting with ':' are comments
/// (keep-alives); `id:` and `retry:` fields are ignored (a model reply is never resumed by id).
struct SSEParser {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var name: String?
    private var data: [String] = []
    private var hasData = false
    /// Bytes received so far, for truncation reports.
    private(set) var byteCount = 0

    /// Feeds bytes; returns the events they complete.
    mutating func push<Bytes: Sequence>(_ bytes: Bytes) -> [SSEEvent] where Bytes.Element == UInt8 {
        var events: [SSEEvent] = []
        for byte in bytes {
            byteCount += 1
            if byte == 0x0A && lastWasCR { lastWasCR = false; continue }  // the LF of a CRLF
            lastWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Whether bytes of an unfinished event are pending (the stream stopped mid-event).
    var hasPartialEvent: Bool { !line.isEmpty || hasData }

    private mutating func endLine() -> SSEEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            defer { name = nil; data = []; hasData = false }
            return hasData ? SSEEvent(name: name, data: data.joined(separator: "\n")) : nil
        }
        if line[0] == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "data":
            data.append(String(value))
            hasData = true
        case "event":
            name = String(value)
        default:
            break
        }
        return nil
    }
}
