import Foundation
import Providers
import Support
import XCTest

final class ProviderConfigTests: XCTestCase {
    func testFullRemoteConfiguration() throws {
        let config = try ProviderConfig(parsing: #"""
        {"kind": "openai", "base_url": "http://127.0.0.1:8080/v1", "model": "qwen2.5-7b", "api_key_env": null,
         "max_concurrency": 3, "timeout": 45.5,
         "retry": {"max_attempts": 6, "base_delay": 0.25, "max_delay": 8, "max_retry_after": 60,
                   "retry_on_timeout": false, "jitter_seed": 11}}
        """#)
        XCTAssertEqual(config.kind, .openai)
        XCTAssertEqual(config.source, .openai(.init(baseURL: URL(string: "http://127.0.0.1:8080/v1")!, model: "qwen2.5-7b",
                                                    apiKeyVariable: nil)))
        XCTAssertEqual(config.maxConcurrency, 3)
        XCTAssertEqual(config.timeout, 45.5)
        XCTAssertEqual(config.retry, RetryPolicy(maxAttempts: 6, baseDelay: 0.25, maxDelay: 8, maxRetryAfter: 60, retryOnTimeout: false))
        XCTAssertEqual(config.jitterSeed, 11)
        let provider = try config.makeProvider(environment: [:])
        XCTAssertEqual(provider.identity, ProviderIdentity(kind: .openai, baseURL: "http://127.0.0.1:8080/v1", model: "qwen2.5-7b"))
    }

    func testDefaults() throws {
        let anthropic = try ProviderConfig(parsing: #"{"kind": "anthropic", "model": "claude-x", "default_max_tokens": 512}"#)
        XCTAssertEqual(anthropic.source, .anthropic(.init(baseURL: URL(string: "https://api.anthropic.com/v1")!, model: "claude-x",
                                                          apiKeyVariable: "ANTHROPIC_API_KEY")))
        XCTAssertEqual(anthropic.defaultMaxTokens, 512)
        XCTAssertEqual(anthropic.retry, RetryPolicy())
        let local = try ProviderConfig(parsing: #"{"kind": "local", "path": "/m/x.gguf", "threads": 2}"#)
        XCTAssertEqual(local.source, .local(path: "/m/x.gguf", threads: 2, contextLength: nil))
    }

    func testErrorsNameTheJSONPath() {
        let cases: [(String, String)] = [
            (#"{"model": "m"}"#, "$.kind: required string is missing"),
            (#"{"kind": "gemini", "model": "m"}"#, #"$.kind: unknown provider kind "gemini"; expected one of local, openai, anthropic"#),
            (#"{"kind": "openai"}"#, "$.model: required string is missing"),
            (#"{"kind": "openai", "model": "m", "base_url": "ftp://x"}"#, #"$.base_url: expected an http(s) URL, found "ftp://x""#),
            (#"{"kind": "openai", "model": "m", "max_concurrency": 0}"#, "$.max_concurrency: expected an integer >= 1, found 0"),
            (#"{"kind": "openai", "model": "m", "timeout": "60"}"#, #"$.timeout: expected a number of seconds > 0, found "60""#),
            (#"{"kind": "openai", "model": "m", "retry": {"max_attempts": 2.5}}"#, "$.retry.max_attempts: expected an integer >= 1, found 2.5"),
            (#"{"kind": "openai", "model": "m", "retry": {"max_atempts": 2}}"#,
             "$.retry.max_atempts: unknown field; allowed here: max_attempts, base_delay, max_delay, max_retry_after, retry_on_timeout, jitter_seed"),
            (#"{"kind": "openai", "model": "m", "retry": []}"#, "$.retry: expected an object, found array"),
            (#"{"kind": "openai", "model": "m", "path": "/x.gguf"}"#,
             "$.path: unknown field; allowed here: kind, max_concurrency, timeout, retry, base_url, model, api_key_env"),
            (#"{"kind": "openai", "model": "m", "api_key": "sk-123"}"#,
             "$.api_key: unknown field; allowed here: kind, max_concurrency, timeout, retry, base_url, model, api_key_env"),
            (#"{"kind": "local"}"#, "$.path: required string is missing"),
            (#"{"kind": "openai", "model": "m",}"#, "byte 32: expected a string key"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try ProviderConfig(parsing: text), text) { error in
                XCTAssertEqual((error as? ProviderConfigError)?.description, expected, text)
            }
        }
    }

    func testNestedPathIsKept() {
        let document: JSONValue = ["providers": [["kind": "openai", "model": "m", "timeout": -1]]]
        XCTAssertThrowsError(try ProviderConfig(json: document["providers"]![0]!, path: ["providers", 0])) { error in
            XCTAssertEqual((error as? ProviderConfigError)?.description, "$.providers[0].timeout: expected a number of seconds > 0, found -1")
        }
    }
}
