import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What arrives over one HTTP exchange, in order: the head once, then body bytes as they come.
enum HTTPEvent: Sendable {
    case head(HTTPURLResponse)
    case body(Data)
}

/// How an exchange failed below HTTP semantics.
enum HTTPClientError: Error, Equatable {
    /// The connection failed; `code` is the URLError code.
    case transport(code: Int, message: String)
    case timeout(seconds: Double)
}

/// Streams HTTP replies through URLSession (FoundationNetworking and libcurl on Linux).
///
/// swift-corelibs-foundation has no `URLSession.bytes(for:)`, so replies arrive through a
/// `URLSessionDataDelegate` that forwards each chunk to the `AsyncThrowingStream` of its task.
/// One session per client; the session keeps its delegate alive until invalidated, so the delegate
/// is a separate object and the client invalidates the session when it goes away.
final class HTTPClient: Sendable, CustomReflectable {
    private let router = StreamRouter()
    private let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        // The provider's semaphore is the concurrency limit; the session must not queue behind it.
        configuration.httpMaximumConnectionsPerHost = 64
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: router, delegateQueue: queue)
    }

    deinit { session.invalidateAndCancel() }

    /// Mirrors show nothing inside: the session holds each running task's request, Authorization
    /// header included, and walking its internals while a task runs races with libcurl's thread.
    var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Sends `request`; the stream ends after the last body byte, or throws `HTTPClientError`.
    /// `timeout` bounds the whole exchange (connect to last byte), not just idle gaps.
    func send(_ request: URLRequest, timeout: Double) -> AsyncThrowingStream<HTTPEvent, Error> {
        var request = request
        // The deadline below bounds the exchange; URLSession's own limit is only a backstop. It is set
        // past the deadline and whole: swift-corelibs-foundation fails at once with a fractional one.
        request.timeoutInterval = (timeout + 1).rounded(.up)
        let (stream, continuation) = AsyncThrowingStream<HTTPEvent, Error>.makeStream()
        let task = session.dataTask(with: request)
        let id = task.taskIdentifier
        router.register(id, continuation)
        let deadline = Task {
            try await Task.sleep(nanoseconds: UInt64(max(0, timeout) * 1e9))
            continuation.finish(throwing: HTTPClientError.timeout(seconds: timeout))
        }
        let router = self.router
        continuation.onTermination = { _ in
            deadline.cancel()
            task.cancel()
            router.remove(id)
        }
        task.resume()
        return stream
    }
}

/// Routes delegate callbacks to the stream of their task.
private final class StreamRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    typealias Continuation = AsyncThrowingStream<HTTPEvent, Error>.Continuation
    private var streams: [Int: Continuation] = [:]
    private let lock = NSLock()

    func register(_ id: Int, _ continuation: Continuation) {
        lock.lock()
        streams[id] = continuation
        lock.unlock()
    }

    func remove(_ id: Int) {
        lock.lock()
        streams[id] = nil
        lock.unlock()
    }

    private func continuation(_ task: URLSessionTask) -> Continuation? {
        lock.lock()
        defer { lock.unlock() }
        return streams[task.taskIdentifier]
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            continuation(dataTask)?.yield(.head(http))
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        continuation(dataTask)?.yield(.body(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let continuation = continuation(task) else { return }
        if let error {
            let nsError = error as NSError
            if nsError.code == NSURLErrorTimedOut {
                continuation.finish(throwing: HTTPClientError.timeout(seconds: task.originalRequest?.timeoutInterval ?? 0))
                return
            }
            continuation.finish(throwing: HTTPClientError.transport(code: nsError.code, message: Self.message(nsError)))
        } else {
            continuation.finish()
        }
    }

    /// The error's own text without its user info (which repeats the URL).
    private static func message(_ error: NSError) -> String {
        let text = (error.userInfo[NSLocalizedDescriptionKey] as? String) ?? error.localizedDescription
        return "\(text) (URLError \(error.code))"
    }
}
