import FlowRunner
import Foundation
import Provenance
import Providers
import XCTest

/// The identity calls are cached under must tell apart two servers offering the same model name.
final class ModelIdentityTests: XCTestCase {
    func testRemoteIdentityIncludesTheEndpoint() throws {
        let a = try OpenAICompatibleProvider(baseURL: XCTUnwrap(URL(string: "http://127.0.0.1:8001/v1")), model: "llama3", apiKey: nil)
        let b = try OpenAICompatibleProvider(baseURL: XCTUnwrap(URL(string: "http://127.0.0.1:8002/v1")), model: "llama3", apiKey: nil)
        let ia = RegisteredModel.describing(a).identity
        let ib = RegisteredModel.describing(b).identity
        XCTAssertEqual(ia.modelID, "llama3")
        XCTAssertNotEqual(ia, ib)
        XCTAssertTrue(ia.provider.contains("127.0.0.1:8001"), ia.provider)
    }
}
