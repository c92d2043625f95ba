import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request as the loopback server received it.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// One step of a scripted reply.
public enum ReplyStep: Sendable {
    /// Status line and headers. With `contentLength` nil the body is sent chunked.
    case head(status: Int, headers: [(String, String)], contentLength: Int?)
    /// Body bytes (one chunk in chunked mode).
    case body(Data)
    case sleep(Double)
    /// Closes the connection at once, without finishing the body (a dropped connection).
    case abort
}

extension ReplyStep {
    /// A complete JSON reply.
    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> [ReplyStep] {
        let data = Data(text.utf8)
        return [.head(status: status, headers: [("Content-Type", "application/json")] + headers, contentLength: data.count),
                .body(data)]
    }

    /// A chunked `text/event-stream` reply, one chunk per event, `pause` seconds apart.
    public static func sse(_ events: [String], pause: Double = 0) -> [ReplyStep] {
        var steps: [ReplyStep] = [.head(status: 200, headers: [("Content-Type", "text/event-stream")], contentLength: nil)]
        for event in events {
            if pause > 0 { steps.append(.sleep(pause)) }
            steps.append(.body(Data(event.utf8)))
        }
        return steps
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 over POSIX sockets, for testing providers against real
/// network behaviour (libcurl underneath URLSession) without any outside service.
///
/// Each connection is served on its own thread: read the request line, headers and a
/// Content-Length body, answer with the steps the script returns, close. Replies always carry
/// `Connection: close`, so every request arrives on a fresh connection.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public typealias Script = @Sendable (RecordedRequest, Int) -> [ReplyStep]

    public let port: UInt16
    private let listener: Int32
    private let script: Script
    private let lock = NSLock()
    private var _requests: [RecordedRequest] = []
    private var active = 0
    private var _maxActive = 0
    private var stopped = false

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    /// Requests in arrival order.
    public var requests: [RecordedRequest] { lock.lock(); defer { lock.unlock() }; return _requests }
    /// The most requests that were being answered at the same moment.
    public var maxConcurrent: Int { lock.lock(); defer { lock.unlock() }; return _maxActive }

    /// - Parameter script: the reply to the request numbered by the second argument (0-based).
    public init(script: @escaping Script) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.system("socket", errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0  // any free port
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw ServerError.system("bind/listen", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting (within 50 ms) and closes the listening socket.
    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    public enum ServerError: Error { case system(String, Int32) }

    // MARK: Connections

    private func acceptLoop() {
        while true {
            lock.lock()
            let done = stopped
            lock.unlock()
            if done { close(listener); return }
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }  // wake every 50 ms to notice stop()
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        guard let request = readRequest(fd) else { return }
        lock.lock()
        let index = _requests.count
        _requests.append(request)
        active += 1
        _maxActive = max(_maxActive, active)
        lock.unlock()
        defer { lock.lock(); active -= 1; lock.unlock() }

        var chunked = false
        for step in script(request, index) {
            switch step {
            case .head(let status, let headers, let contentLength):
                var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\nConnection: close\r\n"
                for (name, value) in headers { text += "\(name): \(value)\r\n" }
                if let contentLength { text += "Content-Length: \(contentLength)\r\n" } else { text += "Transfer-Encoding: chunked\r\n"; chunked = true }
                text += "\r\n"
                guard write(fd, Data(text.utf8)) else { return }
            case .body(let data):
                let framed = chunked ? Data(String(data.count, radix: 16).utf8) + Data("\r\n".utf8) + data + Data("\r\n".utf8) : data
                guard write(fd, framed) else { return }
            case .sleep(let seconds):
                Thread.sleep(forTimeInterval: seconds)
            case .abort:
                return
            }
        }
        if chunked { _ = write(fd, Data("0\r\n\r\n".utf8)) }
    }

    private func readRequest(_ fd: Int32) -> RecordedRequest? {
        var buffer = Data()
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            guard let more = read(fd) else { return nil }
            buffer.append(more)
            headerEnd = buffer.range(of: separator)
        }
        guard let end = headerEnd else { return nil }
        let lines = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            _ = write(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        var body = Data(buffer[end.upperBound...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            guard let more = read(fd) else { return nil }
            body.append(more)
        }
        return RecordedRequest(method: String(parts[0]), path: String(parts[1]), headers: headers, body: body)
    }

    private func read(_ fd: Int32) -> Data? {
        var bytes = [UInt8](repeating: 0, count: 16 * 1024)
        let n = recv(fd, &bytes, bytes.count, 0)
        return n > 0 ? Data(bytes[0..<n]) : nil
    }

    private func write(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                #else
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, 0)
                #endif
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    private static func reason(_ status: Int) -> String {
        [200: "OK", 400: "Bad Request", 401: "Unauthorized", 429: "Too Many Requests", 500: "Internal Server Error",
         503: "Service Unavailable"][status] ?? "Status"
    }
}
