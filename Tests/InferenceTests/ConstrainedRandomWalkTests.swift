@testable import Inference
import Support
import XCTest

/// Property test: seeded random walks through the recognizer, picking any accepted byte, always end in a
/// document that Support's JSON parser reads and that satisfies the schema (checked by an independent
/// validator), and never reach a state with no way forward.
final class ConstrainedRandomWalkTests: XCTestCase {
    static let rich: JSONValue = [
        "type": "object",
        "properties": [
            "id": ["type": "integer", "minimum": -20, "maximum": 20],
            "ratio": ["type": "number", "minimum": 0, "maximum": 1],
            "label": ["enum": ["benign", "likely benign", "VUS", "pathogenic"]],
            "note": ["type": ["string", "null"], "maxLength": 12],
            "flags": ["type": "array", "items": ["type": "boolean"], "minItems": 2, "maxItems": 4],
            "evidence": [
                "type": "array", "maxItems": 2,
                "items": [
                    "type": "object",
                    "properties": ["pmid": ["type": "integer", "minimum": 1], "quote": ["type": "string", "minLength": 1]],
                    "required": ["pmid"],
                ],
            ],
            "extra": ["anyOf": [["type": "number", "maximum": -0.5], ["type": "string", "maxLength": 1], ["type": "null"]]],
        ],
        "required": ["id", "label", "flags"],
    ]

    static var schemas: [JSONValue] {
        var distinct: [JSONValue] = [rich]
        for (schema, _, _) in ConstrainedRecognizerTests.cases where !distinct.contains(schema) { distinct.append(schema) }
        return distinct
    }

    func testRandomWalksProduceValidDocuments() throws {
        var seen = Set<String>()
        for (s, schema) in Self.schemas.enumerated() {
            let grammar = try JSONSchemaGrammar(schema: schema, maxWhitespace: 2)
            for walk in 0..<30 {
                var random = SeededRandom(seed: UInt64(s * 1000 + walk))
                let bytes = try XCTUnwrap(Self.walk(grammar, budget: 20 + Int(random.next() % 120), random: &random), "\(schema)")
                let text = String(decoding: bytes, as: UTF8.self)
                let value: JSONValue
                do { value = try JSONValue(parsing: text) } catch { XCTFail("\(error): \(text)"); continue }
                XCTAssertNil(ConstrainedSchemaValidator.violation(value, schema), text)
                seen.insert(text)
                try Self.checkTrialsAgree(grammar, bytes, random: &random)
            }
        }
        // The walks explore: far more distinct documents than schemas.
        XCTAssertGreaterThan(seen.count, Self.schemas.count * 10)
    }

    /// Walks from the start: random accepted bytes until `budget`, then bytes that close values, until the
    /// document is complete. Nil when a state accepts nothing yet is incomplete (a dead end).
    static func walk(_ grammar: JSONSchemaGrammar, budget: Int, random: inout SeededRandom) -> [UInt8]? {
        var recognizer = JSONRecognizer(grammar: grammar)
        var bytes: [UInt8] = []
        let closers = Array(#""}]"#.utf8)
        let openers = Set(Array(#",[{\ "#.utf8) + [0x0A])
        while bytes.count < 10_000 {
            if recognizer.isComplete && (bytes.count >= budget || random.nextUnit() < 0.1) { return bytes }
            let allowed = recognizer.acceptedBytes.members
            if allowed.isEmpty { return recognizer.isComplete ? bytes : nil }
            var pick = allowed[Int(random.next() % UInt64(allowed.count))]
            if bytes.count >= budget {
                let calm = allowed.filter { !openers.contains($0) && $0 < 0x80 }
                if let close = closers.first(where: allowed.contains) {
                    pick = close
                } else if !calm.isEmpty {
                    pick = calm[Int(random.next() % UInt64(calm.count))]
                }
            }
            guard recognizer.feed(pick) else { return nil }
            bytes.append(pick)
        }
        return nil
    }

    /// Trying chunks without feeding gives the same answers as feeding them, on the document and on a
    /// corrupted copy of it.
    static func checkTrialsAgree(_ grammar: JSONSchemaGrammar, _ bytes: [UInt8], random: inout SeededRandom) throws {
        var corrupted = bytes
        if !corrupted.isEmpty { corrupted[Int(random.next() % UInt64(corrupted.count))] = UInt8(truncatingIfNeeded: random.next()) }
        for document in [bytes, corrupted] {
            var recognizer = JSONRecognizer(grammar: grammar)
            var offset = 0
            while offset < document.count {
                let chunk = Array(document[offset..<min(document.count, offset + 1 + Int(random.next() % 6))])
                let tried = recognizer.accepts(chunk)
                var copy = recognizer
                let fed = copy.feed(chunk) == nil
                XCTAssertEqual(tried, fed, String(decoding: document, as: UTF8.self))
                guard fed else { break }
                recognizer = copy
                offset += chunk.count
            }
        }
    }

    /// The shortest completion is exact: zero only for complete documents, and otherwise one more than the
    /// best any accepted byte leads to (so it never over- or under-estimates the bytes still needed).
    func testShortestCompletionIsExact() throws {
        for (s, schema) in Self.schemas.enumerated() {
            let grammar = try JSONSchemaGrammar(schema: schema, maxWhitespace: 1)
            for walk in 0..<8 {
                var random = SeededRandom(seed: UInt64(s * 100 + walk + 7))
                let bytes = try XCTUnwrap(Self.walk(grammar, budget: Int(random.next() % 60), random: &random))
                var recognizer = JSONRecognizer(grammar: grammar)
                for b in bytes {
                    let steps = recognizer.acceptedBytes.members.map { next -> Int in
                        var copy = recognizer
                        copy.feed(next)
                        return copy.shortestCompletion
                    }
                    if recognizer.isComplete {
                        XCTAssertEqual(recognizer.shortestCompletion, 0)
                    } else {
                        XCTAssertEqual(recognizer.shortestCompletion, 1 + (steps.min() ?? -1), "\(schema) after \(recognizer)")
                    }
                    recognizer.feed(b)
                }
            }
        }
    }

    /// Under a byte budget at least the shortest document, walks that only take bytes leaving the document
    /// completable within what is left always end complete, within the budget.
    func testBudgetedWalksAlwaysComplete() throws {
        for (s, schema) in Self.schemas.enumerated() {
            let grammar = try JSONSchemaGrammar(schema: schema)
            for walk in 0..<20 {
                var random = SeededRandom(seed: UInt64(s * 100 + walk + 3))
                let budget = grammar.shortestDocument + Int(random.next() % 40)
                var recognizer = JSONRecognizer(grammar: grammar)
                var used = 0
                while !recognizer.isComplete || random.nextUnit() < 0.5 {
                    let allowed = recognizer.acceptedBytes.members.filter { recognizer.accepts([$0], within: budget - used - 1) }
                    guard let b = allowed.isEmpty ? nil : allowed[Int(random.next() % UInt64(allowed.count))] else { break }
                    recognizer.feed(b)
                    used += 1
                }
                XCTAssertTrue(recognizer.isComplete, "\(schema), budget \(budget)")
                XCTAssertLessThanOrEqual(used, budget)
            }
        }
    }
}
