import Foundation
import Providers
import Support
import TestSupport
import XCTest

/// API keys must not leak into descriptions, dumps, errors or provider identities.
final class SecretTests: XCTestCase {
    static let key = "sk-live-SECRET-0123456789abcdef"

    func testSecretNeverPrints() {
        let secret = Secret(Self.key)
        XCTAssertEqual(secret.description, "[redacted]")
        XCTAssertEqual("\(secret)", "[redacted]")
        XCTAssertFalse(String(reflecting: secret).contains(Self.key))
        var dumped = ""
        dump(secret, to: &dumped)
        XCTAssertFalse(dumped.contains(Self.key), dumped)
        var dumpedOptional = ""
        dump(Optional(secret), to: &dumpedOptional)
        XCTAssertFalse(dumpedOptional.contains(Self.key), dumpedOptional)
        XCTAssertEqual(secret.revealed, Self.key)
    }

    func testKeyComesFromTheNamedEnvironmentVariable() throws {
        let config = try ProviderConfig(parsing: #"{"kind": "openai", "model": "m", "api_key_env": "MY_KEY"}"#)
        XCTAssertThrowsError(try config.makeProvider(environment: [:])) { error in
            XCTAssertEqual(error as? ProviderError, .missingAPIKey(variable: "MY_KEY"))
        }
        XCTAssertThrowsError(try config.makeProvider(environment: ["MY_KEY": ""]))
        XCTAssertNoThrow(try config.makeProvider(environment: ["MY_KEY": Self.key]))
        let defaulted = try ProviderConfig(parsing: #"{"kind": "anthropic", "model": "m"}"#)
        XCTAssertThrowsError(try defaulted.makeProvider(environment: ["OPENAI_API_KEY": "x"])) { error in
            XCTAssertEqual(error as? ProviderError, .missingAPIKey(variable: "ANTHROPIC_API_KEY"))
        }
    }

    func testUnauthorizedErrorEchoingTheKeyDoesNotContainIt() async throws {
        // Servers echo rejected keys (OpenAI prints a masked form; a proxy may print it whole).
        let server = try LoopbackHTTPServer { request, _ in
            let echoed = request.headers["authorization"] ?? "none"
            return ReplyStep.json(401, #"{"error":{"message":"Incorrect API key provided: \#(echoed)","code":"invalid_api_key"}}"#)
        }
        defer { server.stop() }
        let config = try ProviderConfig(json: ["kind": "openai", "model": "m", "base_url": .string(server.baseURL.absoluteString)])
        let provider = try config.makeProvider(environment: ["OPENAI_API_KEY": Self.key])
        let result = await failure { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        let failure = try XCTUnwrap(result)
        XCTAssertEqual(server.requests.first?.headers["authorization"], "Bearer \(Self.key)", "the key did go on the wire")
        XCTAssertEqual(failure.attempts, 1, "401 is never retried")
        guard case .httpStatus(401, let excerpt) = failure.reason else { return XCTFail("\(failure)") }
        XCTAssertTrue(excerpt.contains("Incorrect API key provided: Bearer [redacted]"), excerpt)
        for text in [failure.description, String(reflecting: failure), "\(failure.reason)", excerpt] {
            XCTAssertFalse(text.contains(Self.key), text)
            XCTAssertFalse(text.contains("SECRET"), text)
        }
        var dumped = ""
        dump(provider, to: &dumped)
        XCTAssertFalse(dumped.contains(Self.key), "provider dump: \(dumped)")
        XCTAssertFalse(provider.identity.description.contains(Self.key))
    }

    func testDumpOfAProviderWithARequestInFlightDoesNotContainTheKey() async throws {
        // URLSession keeps each task, and so its request with the Authorization header, while it runs
        // (and a little after); a dump of the provider must not walk into it.
        let server = try LoopbackHTTPServer { _, _ in
            [.sleep(1.5)] + ReplyStep.json(200, #"{"choices":[{"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}"#)
        }
        defer { server.stop() }
        let config = try ProviderConfig(json: ["kind": "openai", "model": "m", "base_url": .string(server.baseURL.absoluteString)])
        let provider = try config.makeProvider(environment: ["OPENAI_API_KEY": Self.key])
        let call = Task { try await provider.complete(ChatRequest(messages: [.user("Q")])) }
        let start = Date()
        while server.requests.isEmpty, Date().timeIntervalSince(start) < 5 { try await Task.sleep(nanoseconds: 10_000_000) }
        XCTAssertEqual(server.requests.count, 1, "the request reached the server and is waiting for its reply")
        var dumped = ""
        dump(provider, to: &dumped)
        XCTAssertFalse(dumped.contains(Self.key), "provider dump while a request is in flight: \(dumped)")
        XCTAssertFalse(String(reflecting: provider).contains(Self.key))
        _ = try await call.value
    }

    func testIdentityDropsCredentialsFromTheBaseURL() throws {
        let url = try XCTUnwrap(URL(string: "https://user:\(Self.key)@llm.example.org:8443/v1?api_key=\(Self.key)#frag"))
        let provider = try OpenAICompatibleProvider(baseURL: url, model: "m", apiKey: nil)
        XCTAssertEqual(provider.identity.baseURL, "https://llm.example.org:8443/v1")
        XCTAssertFalse(provider.identity.description.contains(Self.key))
    }
}
