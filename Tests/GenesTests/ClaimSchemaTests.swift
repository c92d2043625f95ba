import Foundation
import Support
import Workflow
import XCTest
@testable import Genes

/// The splitter step's answer schema (Prompts/schemas/atomic-claims.json) compiles with the flow
/// engine's schema subset, accepts what AtomicClaim reads, and names the same relations.
final class ClaimSchemaTests: XCTestCase {
    private func schema() throws -> (JSONValue, JSONSchema) {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Prompts/schemas/atomic-claims.json")
        let source = try JSONValue(parsing: try Data(contentsOf: path))
        return (source, try JSONSchema(compiling: source))
    }

    func testSchemaRelationsAreTheCheckersRelations() throws {
        let (source, _) = try schema()
        let names = source["properties"]?["claims"]?["items"]?["properties"]?["relation"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
        XCTAssertEqual(names, AtomicClaim.Relation.names)
    }

    func testSchemaAcceptsClaimsAndRejectsUnknownRelations() throws {
        let (_, schema) = try schema()
        let claims = [AtomicClaim(gene: "ALAS2", relation: .involvedIn(process: "heme biosynthesis"), quote: "q"),
                      AtomicClaim(gene: "C1orf43", relation: .cites("10.1186/s12967-023-04576-8"))]
        let answer = JSONValue.object(["claims": .array(claims.map(\.jsonValue))])
        XCTAssertEqual(schema.validate(answer), [])
        XCTAssertEqual(try AtomicClaim.list(from: answer), claims)
        XCTAssertTrue(schema.isValid(.object(["claims": .array([])])))
        let bad = try JSONValue(parsing: #"{"claims": [{"gene": "ALAS2", "relation": "causes", "object": "x"}]}"#)
        XCTAssertFalse(schema.isValid(bad))
        let extra = try JSONValue(parsing: #"{"claims": [{"gene": "ALAS2", "relation": "cites", "object": "1", "score": 3}]}"#)
        XCTAssertFalse(schema.isValid(extra))
    }
}
