import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Support

/// Where a remote provider sends requests, and the settings every remote call shares.
struct RemoteEndpoint: Sendable {
    let url: URL
    /// The base URL as recorded in provenance: no user info, query or fragment.
    let publicBaseURL: String
    let timeout: Double

    /// - Parameter path: appended to the base URL ("chat/completions", "messages").
    init(baseURL: URL, path: String, timeout: Double) throws {
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https", baseURL.host != nil else {
            throw ProviderError.invalidRequest("base URL must be http(s)://host[:port][/path], found \(Self.strip(baseURL))")
        }
        guard timeout > 0, timeout.isFinite else { throw ProviderError.invalidRequest("timeout must be > 0 seconds, found \(timeout)") }
        publicBaseURL = Self.strip(baseURL)
        var text = publicBaseURL
        if text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text + "/" + path) else {
            throw ProviderError.invalidRequest("cannot append /\(path) to base URL \(publicBaseURL)")
        }
        self.url = url
        self.timeout = timeout
    }

    /// The URL with user info, query and fragment removed (credentials sometimes ride there).
    static func strip(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(unparseable URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(unparseable URL)"
    }

    /// A JSON POST with the given headers.
    func request(body: JSONValue, headers: [String: String]) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body.canonicalData
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return request
    }

    /// The effective per-attempt timeout for a request.
    func timeout(for request: ChatRequest) throws -> Double {
        guard let seconds = request.timeout else { return timeout }
        guard seconds > 0, seconds.isFinite else { throw ProviderError.invalidRequest("timeout must be > 0 seconds, found \(seconds)") }
        return seconds
    }
}

extension ChatRequest {
    /// Checks what every provider requires of a request.
    func validate(seedLimit: UInt64? = nil) throws {
        guard !messages.isEmpty else { throw ProviderError.invalidRequest("no messages") }
        if let problem = sampling.validationError() { throw ProviderError.invalidRequest(problem) }
        if let limit = seedLimit, let seed = sampling.seed, seed >= limit {
            throw ProviderError.invalidRequest("seed \(seed) is not below \(limit) and would lose digits as a JSON number")
        }
    }
}
