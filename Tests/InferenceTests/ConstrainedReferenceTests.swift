@testable import Inference
import Support
import XCTest

/// `$ref` to the root's `$defs` in the grammar: a referenced schema is recognized exactly as its
/// inlined copy, a definition used twice compiles once, and what cannot be expressed (other
/// references, recursion, `$defs` below the root, keywords beside `$ref`) is refused with its path.
final class ConstrainedReferenceTests: XCTestCase {
    static let option: JSONValue = [
        "type": "object",
        "properties": ["drug": ["type": "string", "minLength": 1, "maxLength": 8], "tier": ["enum": ["a", "b"]]],
        "required": ["drug"],
        "additionalProperties": false,
    ]
    static let referenced: JSONValue = [
        "type": "object",
        "properties": [
            "best": ["$ref": "#/$defs/option"],
            "options": ["type": "array", "maxItems": 2, "items": ["$ref": "#/$defs/option", "description": "one option"]],
        ],
        "required": ["options"],
        "$defs": ["option": option],
    ]
    static let inlined: JSONValue = [
        "type": "object",
        "properties": ["best": option, "options": ["type": "array", "maxItems": 2, "items": option]],
        "required": ["options"],
    ]

    func outcome(_ grammar: JSONSchemaGrammar, _ text: String) -> String {
        var recognizer = JSONRecognizer(grammar: grammar)
        let bytes = Array(text.utf8)
        if let offset = recognizer.feed(bytes) { return "rejected after \(String(decoding: bytes[..<offset], as: UTF8.self))" }
        return recognizer.isComplete ? "complete" : "prefix"
    }

    func testReferencedSchemaIsRecognizedAsItsInlinedCopy() throws {
        let referenced = try JSONSchemaGrammar(schema: Self.referenced)
        let inlined = try JSONSchemaGrammar(schema: Self.inlined)
        let documents = [
            #"{"options":[]}"#,
            #"{"options":[{"drug":"x","tier":"a"}],"best":{"drug":"y"}}"#,
            #"{"options":[{"tier":"b"}]}"#,
            #"{"options":[{"drug":"toolongname"}]}"#,
            #"{"options":[{"drug":"x"},{"drug":"y"},{"drug":"z"}]}"#,
            #"{"best":{"drug":"x","tier":"c"}}"#,
            #"{"options":[{"drug":"x"}"#,
        ]
        // A "}" before the required "drug" is refused, so is a ninth character (maxLength 8).
        let expected = ["complete", "complete", #"rejected after {"options":[{"tier":"b""#, #"rejected after {"options":[{"drug":"toolongn"#,
                        #"rejected after {"options":[{"drug":"x"},{"drug":"y"}"#, #"rejected after {"best":{"drug":"x","tier":""#, "prefix"]
        XCTAssertEqual(documents.map { outcome(referenced, $0) }, expected)
        XCTAssertEqual(documents.map { outcome(inlined, $0) }, expected)
        // The definition is compiled once for its two uses: one node fewer object rule than inlined.
        func objects(_ g: JSONSchemaGrammar) -> Int { g.nodes.filter { if case .object = $0 { return true } else { return false } }.count }
        XCTAssertEqual(objects(referenced), 2)
        XCTAssertEqual(objects(inlined), 3)
    }

    func testUnexpressibleReferencesNameTheirPath() {
        let cases: [(JSONValue, String, String)] = [
            (["type": "array", "items": ["$ref": "other.json#/x"]], "$.items.$ref", "only local references"),
            (["type": "array", "items": ["$ref": "#/definitions/x"]], "$.items.$ref", "only local references"),
            (["type": "array", "items": ["$ref": "#/$defs/x/properties/y"], "$defs": ["x": ["type": "string"]]], "$.items.$ref", "points inside a definition"),
            (["type": "array", "items": ["$ref": "#/$defs/missing"], "$defs": ["x": ["type": "string"]]], "$.items.$ref", "names no schema under the root's $defs (defined: x)"),
            (["$ref": "#/$defs/node", "$defs": ["node": ["type": "object", "properties": ["next": ["$ref": "#/$defs/node"]]]]],
             "$.$defs.node.properties.next.$ref", "recursive reference (node -> node)"),
            (["$ref": "#/$defs/a", "$defs": ["a": ["type": "array", "items": ["$ref": "#/$defs/b"]], "b": ["anyOf": [["type": "string"], ["$ref": "#/$defs/a"]]]]],
             "$.$defs.b.anyOf[1].$ref", "recursive reference (a -> b -> a)"),
            (["type": "array", "items": ["$ref": "#/$defs/x", "maxLength": 3], "$defs": ["x": ["type": "string"]]], "$.items.maxLength", "beside '$ref'"),
            (["type": "array", "items": ["type": "string", "$defs": ["x": ["type": "string"]]]], "$.items.$defs", "only at the root"),
            (["type": "string", "$defs": [1]], "$.$defs", "expected an object of schemas"),
        ]
        for (schema, path, reason) in cases {
            XCTAssertThrowsError(try JSONSchemaGrammar(schema: schema), "\(schema)") { error in
                guard let error = error as? JSONSchemaError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.path, path, "\(schema)")
                XCTAssertTrue(error.reason.contains(reason), "\(error)")
            }
        }
    }
}
