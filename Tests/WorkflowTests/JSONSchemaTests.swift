import Support
import Workflow
import XCTest

final class JSONSchemaTests: XCTestCase {
    /// Each row: schema, instance, the violations expected (path and keyword), in order.
    func testValidationTable() throws {
        let options = #"""
        {"type": "object", "required": ["options"], "additionalProperties": false,
         "properties": {"options": {"type": "array", "minItems": 1, "maxItems": 3,
           "items": {"type": "object", "required": ["drugs", "level"],
             "properties": {"drugs": {"type": "array", "items": {"type": "string", "minLength": 2}},
                            "level": {"enum": ["1", "2", "3A"]},
                            "score": {"type": "number", "minimum": 0, "exclusiveMaximum": 1}}}}}}
        """#
        let rows: [(schema: String, instance: String, expected: [String])] = [
            (options, #"{"options": [{"drugs": ["osimertinib"], "level": "1"}]}"#, []),
            (options, #"{"options": [{"drugs": ["a"], "level": "1"}, {"drugs": "x", "level": "4"}, {"drugs": [], "level": "2", "score": 1}]}"#,
             ["$.options[0].drugs[0] minLength", "$.options[1].drugs type", "$.options[1].level enum", "$.options[2].score exclusiveMaximum"]),
            (options, #"{"option": []}"#, ["$.options required", "$.option additionalProperties"]),
            (options, #"{"options": [1, 2, 3, 4]}"#, ["$.options maxItems", "$.options[0] type", "$.options[1] type", "$.options[2] type", "$.options[3] type"]),
            (#"{"type": "integer"}"#, "2.5", ["$ type"]),
            (#"{"type": "integer"}"#, "2.0", []),
            (#"{"type": ["string", "null"]}"#, "null", []),
            (#"{"type": ["string", "null"]}"#, "3", ["$ type"]),
            (#"{"const": {"a": [1]}}"#, #"{"a": [1]}"#, []),
            (#"{"const": {"a": [1]}}"#, #"{"a": [2]}"#, ["$ const"]),
            (#"{"type": "number", "minimum": 1, "maximum": 5, "exclusiveMinimum": 1}"#, "1", ["$ exclusiveMinimum"]),
            (#"{"type": "number", "maximum": 5}"#, "6", ["$ maximum"]),
            (#"{"type": "string", "pattern": "^[A-Z0-9]+$", "maxLength": 4}"#, #""EGFRX""#, ["$ maxLength"]),
            (#"{"type": "string", "pattern": "^[A-Z0-9]+$"}"#, #""egfr""#, ["$ pattern"]),
            (#"{"type": "string", "minLength": 2}"#, #""é""#, ["$ minLength"]),  // one scalar, two bytes
            (#"{"anyOf": [{"type": "string"}, {"type": "number", "minimum": 0}]}"#, "-1", ["$ anyOf"]),
            (#"{"anyOf": [{"type": "string"}, {"type": "number", "minimum": 0}]}"#, "3", []),
            (#"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#, "3", ["$ oneOf"]),
            (#"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#, "3.5", []),
            (#"{"allOf": [{"required": ["a"]}, {"required": ["b"]}]}"#, #"{"c": 1}"#, ["$.a required", "$.b required"]),
            (#"{"additionalProperties": {"type": "boolean"}, "properties": {"n": {"type": "number"}}}"#, #"{"n": 1, "x": true, "y": 2}"#, ["$.y type"]),
            (#"{"items": false}"#, "[]", []),
            (#"{"items": false}"#, "[1]", ["$[0] false"]),
            (##"{"$defs": {"gene": {"type": "object", "required": ["symbol"], "properties": {"symbol": {"type": "string"}, "related": {"type": "array", "items": {"$ref": "#/$defs/gene"}}}}}, "$ref": "#/$defs/gene"}"##,
             #"{"symbol": "BRCA1", "related": [{"symbol": "BRCA2"}, {"symbol": 7}, {"related": []}]}"#,
             ["$.related[1].symbol type", "$.related[2].symbol required"]),
            (#"{"description": "annotations are ignored", "title": "t", "type": "boolean"}"#, "true", []),
        ]
        for row in rows {
            let schema = try JSONSchema(compiling: try JSONValue(parsing: row.schema))
            let found = schema.validate(try JSONValue(parsing: row.instance)).map { "\($0.path) \($0.keyword)" }
            XCTAssertEqual(found, row.expected, "schema \(row.schema) on \(row.instance)")
        }
    }

    func testViolationsSayExpectedAndFound() throws {
        let schema = try JSONSchema(compiling: try JSONValue(parsing: #"{"properties": {"drugs": {"type": "array"}, "n": {"enum": [1, 2]}}}"#))
        let violations = schema.validate(try JSONValue(parsing: #"{"drugs": "osimertinib", "n": 3}"#)).map(\.description)
        XCTAssertEqual(violations, [
            "$.drugs: expected array, found string \"osimertinib\"",
            "$.n: expected one of 1, 2, found number 3",
        ])
    }

    /// Each row: a schema that must not compile, the path and the words of the reason.
    func testCompileErrorsNameThePath() {
        let rows: [(String, String, String)] = [
            (#"{"type": "object", "properties": {"a": {"type": "string", "format": "date"}}}"#, "$.properties.a.format", "unsupported schema keyword \"format\""),
            (#"{"uniqueItems": true}"#, "$.uniqueItems", "unsupported"),
            (#"{"type": "strin"}"#, "$.type", "unknown type \"strin\""),
            (#"{"type": ["string", 3]}"#, "$.type[1]", "unknown type 3"),
            (#"{"required": ["a", "a"]}"#, "$.required[1]", "listed twice"),
            (#"{"minItems": -1}"#, "$.minItems", "non-negative integer"),
            (#"{"maxLength": 1.5}"#, "$.maxLength", "non-negative integer"),
            (#"{"pattern": "(["}"#, "$.pattern", "invalid regular expression"),
            (##"{"$ref": "#/definitions/x"}"##, "$.$ref", "#/$defs/NAME"),
            (##"{"$ref": "#/$defs/missing", "$defs": {"x": true}}"##, "$.$ref", "names no schema"),
            (#"{"items": {"$defs": {}}}"#, "$.items.$defs", "only at the root"),
            (#"{"anyOf": []}"#, "$.anyOf", "non-empty array"),
            (#"{"properties": {"a": 3}}"#, "$.properties.a", "object or a boolean"),
            (##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"anyOf": [{"$ref": "#/$defs/a"}]}}}"##, "$.$defs.a", "a -> b -> a"),
        ]
        for (text, path, reason) in rows {
            XCTAssertThrowsError(try JSONSchema(compiling: try JSONValue(parsing: text)), text) { error in
                guard let compileError = error as? SchemaCompileError else { return XCTFail("\(text): \(error)") }
                XCTAssertEqual(compileError.path.description, path, text)
                XCTAssertTrue(compileError.reason.contains(reason), "\(text): \(compileError.reason)")
            }
        }
    }

    func testPathsQuoteOddKeys() {
        let path = JSONPath.root.appending("options").appending(2).appending("two words").appending("drugs")
        XCTAssertEqual(path.description, #"$.options[2]["two words"].drugs"#)
    }
}
