@testable import Inference
import Support
import XCTest

/// The byte-level recognizer on a table of schemas: valid documents complete, valid prefixes are accepted
/// but incomplete, and the first byte that no valid document can continue with is rejected exactly there.
final class ConstrainedRecognizerTests: XCTestCase {
    static let gene: JSONValue = [
        "type": "object",
        "properties": [
            "gene": ["type": "string", "description": "HGNC symbol"],
            "score": ["type": "integer", "minimum": 0, "maximum": 10],
            "themes": ["type": "array", "items": ["type": "string"], "maxItems": 3],
        ],
        "required": ["gene", "score"],
    ]
    static let shortString: JSONValue = ["type": "string", "minLength": 2, "maxLength": 3]
    static let mixedEnum: JSONValue = ["enum": ["red", "green", 1, 10, nil, true]]
    static let boundedNumber: JSONValue = ["type": "number", "minimum": -1.5, "maximum": 2.25]
    static let boundedInteger: JSONValue = ["type": "integer", "minimum": 5, "maximum": 100]
    static let nullableInteger: JSONValue = ["type": ["integer", "null"]]
    static let scalarUnion: JSONValue = ["anyOf": [["type": "string", "maxLength": 2], ["type": "number"], ["type": "boolean"]]]
    static let shortArray: JSONValue = ["type": "array", "items": ["type": "boolean"], "minItems": 1, "maxItems": 2]
    static let nested: JSONValue = [
        "type": "object",
        "properties": ["a": ["type": ["object", "null"], "properties": ["b": ["type": "array", "items": ["type": "integer"]]], "required": ["b"]]],
        "required": ["a"],
    ]
    static let emptyObject: JSONValue = ["type": "object"]

    /// How a text ends up: a whole document, an unfinished but valid prefix, or rejected at a byte.
    enum Outcome: Equatable {
        case complete
        case prefix
        /// The text before the first rejected byte.
        case rejectedAfter(String)
    }

    static let cases: [(schema: JSONValue, text: String, outcome: Outcome)] = [
        (gene, #"{"gene":"TP53","score":7}"#, .complete),
        (gene, #"{"score": 10, "gene": "BRCA1", "themes": []}"#, .complete),
        (gene, "{\n\"gene\":\"TP53\",\n\"score\":0,\"themes\":[\"DNA repair\",\"é\"]\n}", .complete),
        (gene, #"{"gene":"TP53","score":1"#, .prefix),
        (gene, #"{"gene":"TP53","score":11"#, .rejectedAfter(#"{"gene":"TP53","score":1"#)),
        (gene, #"{"gene":"TP53"}"#, .rejectedAfter(#"{"gene":"TP53""#)),
        (gene, #"{"gene":"a","gene":"b"}"#, .rejectedAfter(#"{"gene":"a",""#)),
        (gene, #"{"color":1}"#, .rejectedAfter(#"{""#)),
        (gene, #"{"gene":"T","score":7,"themes":["a","b","c","d"]}"#, .rejectedAfter(#"{"gene":"T","score":7,"themes":["a","b","c""#)),
        (gene, #"{"gene":"T","score":-1}"#, .rejectedAfter(#"{"gene":"T","score":-"#)),
        (gene, #"{"gene":"T","score":07}"#, .rejectedAfter(#"{"gene":"T","score":0"#)),
        (gene, #"{"gene":"T","score":7.5}"#, .rejectedAfter(#"{"gene":"T","score":7"#)),
        (gene, #"{  "gene""#, .rejectedAfter("{ ")),
        (gene, #"{"gene" :"T"}"#, .rejectedAfter(#"{"gene""#)),
        (gene, #"{"gene":"T","score":7} "#, .rejectedAfter(#"{"gene":"T","score":7}"#)),
        (gene, #" {"gene":"T","score":7}"#, .complete),
        (gene, #"[1]"#, .rejectedAfter("")),
        (shortString, #""ab""#, .complete),
        (shortString, #""é€""#, .complete),
        (shortString, #""\u00e9\n""#, .complete),
        (shortString, #""a""#, .rejectedAfter(#""a"#)),
        (shortString, #""abcd""#, .rejectedAfter(#""abc"#)),
        (shortString, #""\ud800""#, .rejectedAfter(#""\ud"#)),
        (shortString, #""\x""#, .rejectedAfter(#""\"#)),
        (shortString, "\"a\tb\"", .rejectedAfter("\"a")),
        (mixedEnum, #""red""#, .complete),
        (mixedEnum, #""gre"#, .prefix),
        (mixedEnum, #""blue""#, .rejectedAfter(#"""#)),
        (mixedEnum, "1", .complete),
        (mixedEnum, "10", .complete),
        (mixedEnum, "100", .rejectedAfter("10")),
        (mixedEnum, "nul", .prefix),
        (mixedEnum, "null", .complete),
        (mixedEnum, "false", .rejectedAfter("")),
        (boundedNumber, "2.25", .complete),
        (boundedNumber, "2.26", .rejectedAfter("2.2")),
        (boundedNumber, "-1.5", .complete),
        (boundedNumber, "-1.50", .complete),
        (boundedNumber, "-1.6", .rejectedAfter("-1.")),
        (boundedNumber, "-2", .rejectedAfter("-")),
        (boundedNumber, "0.001", .complete),
        (boundedNumber, "1e5", .rejectedAfter("1")),
        (boundedNumber, "3", .rejectedAfter("")),
        (boundedNumber, "2.", .prefix),
        (boundedInteger, "5", .complete),
        (boundedInteger, "1", .prefix),
        (boundedInteger, "4", .prefix),
        (boundedInteger, "100", .complete),
        (boundedInteger, "101", .rejectedAfter("10")),
        (boundedInteger, "0", .rejectedAfter("")),
        (nullableInteger, "null", .complete),
        (nullableInteger, "-42", .complete),
        (nullableInteger, #""x""#, .rejectedAfter("")),
        (scalarUnion, #""ab""#, .complete),
        (scalarUnion, #""abc""#, .rejectedAfter(#""ab"#)),
        (scalarUnion, "3.5", .complete),
        (scalarUnion, "true", .complete),
        (scalarUnion, "null", .rejectedAfter("")),
        (shortArray, "[]", .rejectedAfter("[")),
        (shortArray, "[true]", .complete),
        (shortArray, "[true, false]", .complete),
        (shortArray, "[true,false,true]", .rejectedAfter("[true,false")),
        (nested, #"{"a":{"b":[1,2,-3]}}"#, .complete),
        (nested, #"{"a":null}"#, .complete),
        (nested, #"{"a":{}}"#, .rejectedAfter(#"{"a":{"#)),
        (emptyObject, "{}", .complete),
        (emptyObject, #"{"x":1}"#, .rejectedAfter("{")),
    ]

    func testDocumentsPrefixesAndRejections() throws {
        for (schema, text, expected) in Self.cases {
            var recognizer = JSONRecognizer(grammar: try JSONSchemaGrammar(schema: schema))
            let bytes = Array(text.utf8)
            let outcome: Outcome
            if let offset = recognizer.feed(bytes) {
                outcome = .rejectedAfter(String(decoding: bytes[..<offset], as: UTF8.self))
            } else {
                outcome = recognizer.isComplete ? .complete : .prefix
            }
            XCTAssertEqual(outcome, expected, "schema \(schema), text \(text)")
            // What the recognizer completes must also parse and validate.
            if outcome == .complete {
                let value = try JSONValue(parsing: text)
                XCTAssertNil(ConstrainedSchemaValidator.violation(value, schema), text)
            }
        }
    }

    /// `pattern` in the one form decoding can enforce: a whole string from one character class.
    func testCharacterClassPatternsAreEnforcedByteByByte() throws {
        let cases: [(String, String, Outcome)] = [
            ("^[A-Z0-9-]+$", #""HLA-DRB1""#, .complete),
            ("^[A-Z0-9-]+$", #""""#, .rejectedAfter(#"""#)),
            ("^[A-Z0-9-]+$", #""TP53a""#, .rejectedAfter(#""TP53"#)),
            ("^[A-Z0-9-]+$", #""A\u0042""#, .rejectedAfter(#""A"#)),
            ("^[a-z]{2,3}$", #""abcd""#, .rejectedAfter(#""abc"#)),
            ("^[a-z]{2,3}$", #""ab""#, .complete),
            ("^[\\d.]*$", #""""#, .complete),
            ("^[\\d.]*$", #""1.50""#, .complete),
            ("^[-_\\w]?$", #""x""#, .complete),
            ("^[-_\\w]?$", #""-_""#, .rejectedAfter(#""-"#)),
        ]
        for (pattern, text, expected) in cases {
            var recognizer = JSONRecognizer(grammar: try JSONSchemaGrammar(schema: ["type": "string", "pattern": .string(pattern)]))
            let bytes = Array(text.utf8)
            let outcome: Outcome
            if let offset = recognizer.feed(bytes) {
                outcome = .rejectedAfter(String(decoding: bytes[..<offset], as: UTF8.self))
            } else {
                outcome = recognizer.isComplete ? .complete : .prefix
            }
            XCTAssertEqual(outcome, expected, "pattern \(pattern), text \(text)")
        }
    }

    func testInvalidUTF8IsRejectedAtTheBadByte() throws {
        let grammar = try JSONSchemaGrammar(schema: ["type": "string"])
        let cases: [([UInt8], Int)] = [
            ([0x22, 0xC0, 0x80], 1),              // overlong lead
            ([0x22, 0xE0, 0x80, 0x80], 2),        // overlong three-byte form
            ([0x22, 0xED, 0xA0, 0x80], 2),        // surrogate
            ([0x22, 0xF4, 0x90, 0x80, 0x80], 2),  // beyond U+10FFFF
            ([0x22, 0xC3, 0x22], 2),              // quote inside a character
            ([0x22, 0xFF], 1),
        ]
        for (bytes, offset) in cases {
            var recognizer = JSONRecognizer(grammar: grammar)
            XCTAssertEqual(recognizer.feed(bytes), offset, "\(bytes)")
        }
    }

    func testAcceptedBytesAndTrialsAgreeWithFeeding() throws {
        var recognizer = JSONRecognizer(grammar: try JSONSchemaGrammar(schema: Self.gene))
        XCTAssertEqual(recognizer.acceptedBytes.members, Array(" \n{".utf8).sorted())
        XCTAssertNil(recognizer.feed(Array(#"{"gene":"TP53","score":1"#.utf8)))
        // After "score":1 only 0 (making 10), whitespace, ',' or '}' can follow.
        XCTAssertEqual(recognizer.acceptedBytes.members, Array(" \n,0}".utf8).sorted())
        XCTAssertTrue(recognizer.accepts(Array("0}".utf8)))
        XCTAssertFalse(recognizer.accepts(Array("1}".utf8)))
        XCTAssertTrue(recognizer.accepts(Array(#","themes":["x"]}"#.utf8)))
        XCTAssertFalse(recognizer.accepts(Array(#","gene""#.utf8)))
        XCTAssertNil(recognizer.feed(Array("}".utf8)))
        XCTAssertTrue(recognizer.isComplete)
        XCTAssertTrue(recognizer.acceptedBytes.isEmpty)
    }

    func testDepthIsBoundedByTheSchema() throws {
        var recognizer = JSONRecognizer(grammar: try JSONSchemaGrammar(schema: Self.nested))
        XCTAssertNil(recognizer.feed(Array(#"{"a":{"b":[12"#.utf8)))
        XCTAssertEqual(recognizer.depth, 5)  // document, object, object, array, number
    }

    func testWhitespaceLimitIsConfigurable() throws {
        var compact = JSONRecognizer(grammar: try JSONSchemaGrammar(schema: Self.shortArray, maxWhitespace: 0))
        XCTAssertEqual(compact.feed(Array("[ true]".utf8)), 1)
        var pretty = JSONRecognizer(grammar: try JSONSchemaGrammar(schema: Self.shortArray, maxWhitespace: 3))
        XCTAssertNil(pretty.feed(Array("[\n  true\n]".utf8)))
        XCTAssertTrue(pretty.isComplete)
    }

    // MARK: Schemas the grammar refuses, each naming the JSON path

    func testUnsupportedSchemasNameTheirPath() {
        let cases: [(JSONValue, String, String)] = [
            (["type": "string", "pattern": "^x"], "$.pattern", "only patterns of the form ^[class]+$"),
            (["type": "string", "pattern": "[A-Z]+"], "$.pattern", "only patterns of the form"),
            (["type": "string", "pattern": "^(a|b)+$"], "$.pattern", "only patterns of the form"),
            (["type": "string", "pattern": "^[^a]+$"], "$.pattern", "negated classes"),
            (["type": "string", "pattern": "^[a-z]{3,1}$"], "$.pattern", "m <= n"),
            (["type": "string", "pattern": "^[\\s]+$"], "$.pattern", "the escape \\s"),
            (["type": "string", "pattern": "^[a-z]{2}$", "minLength": 3], "$.pattern", "no length satisfies"),
            (["type": "object", "properties": ["a": ["type": "string", "format": "date"]]], "$.properties.a.format", "unsupported keyword"),
            (["type": "object", "additionalProperties": true], "$.additionalProperties", "only false"),
            (["type": "array"], "$", "needs 'items'"),
            (["type": "string", "minimum": 1], "$.minimum", "does not apply to type string"),
            (["anyOf": [["type": "string"], ["enum": ["a"]]]], "$.anyOf[1]", "start differently"),
            (["type": "integer", "minimum": 0.2, "maximum": 0.8], "$", "no integer"),
            (["type": "object", "properties": [:], "required": ["x"]], "$.required[0]", "not a declared property"),
            (["type": "foo"], "$.type", "unknown type 'foo'"),
            ([:], "$", "needs 'type'"),
            (["enum": [[1]]], "$.enum[0]", "only scalar"),
            (["type": "array", "items": ["type": "string", "minLength": 3, "maxLength": 2]], "$.items.minLength", "exceeds"),
            (["type": "integer", "enum": [1.5]], "$.enum[0]", "not of type integer"),
            (["type": "number", "maximum": 1e20], "$.maximum", "15 digits"),
            (["type": ["string", "null"], "items": ["type": "string"]], "$.items", "does not apply"),
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
