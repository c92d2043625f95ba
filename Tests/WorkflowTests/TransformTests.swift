import Support
import Workflow
import XCTest

final class TransformTests: XCTestCase {
    let genes: JSONValue = [
        ["symbol": "KRAS", "score": 0.4, "actionable": false, "tier": "II", "evidence": ["level": 2]],
        ["symbol": "EGFR", "score": 0.9, "actionable": true, "tier": "I", "evidence": ["level": 1]],
        ["symbol": "TP53", "score": 0.4, "actionable": false, "tier": "II", "evidence": ["level": 3]],
        ["symbol": "EGFR", "score": 0.7, "actionable": true, "tier": "I", "evidence": ["level": 1]],
    ]

    func symbols(_ value: JSONValue) -> [String] {
        (value.arrayValue ?? []).compactMap { $0["symbol"]?.stringValue }
    }

    func testRankingAndSelection() throws {
        let ranked = try Transforms.evaluate("rank_by", ["list": genes, "key": "score"])
        XCTAssertEqual(symbols(ranked), ["EGFR", "EGFR", "KRAS", "TP53"])  // ties keep input order
        let ascending = try Transforms.evaluate("rank_by", ["list": genes, "key": "evidence.level", "order": "ascending"])
        XCTAssertEqual(symbols(ascending), ["EGFR", "EGFR", "KRAS", "TP53"])
        XCTAssertEqual(symbols(try Transforms.evaluate("top_k", ["list": ranked, "k": 2])), ["EGFR", "EGFR"])
        XCTAssertEqual(symbols(try Transforms.evaluate("top_k", ["list": ranked, "k": 10])).count, 4)
        XCTAssertEqual(symbols(try Transforms.evaluate("unique", ["list": genes, "key": "symbol"])), ["KRAS", "EGFR", "TP53"])
        XCTAssertEqual(try Transforms.evaluate("unique", ["list": [1, 2, 1, "1"]]), [1, 2, "1"])
    }

    func testFilter() throws {
        XCTAssertEqual(symbols(try Transforms.evaluate("filter", ["list": genes, "field": "score", "op": ">=", "value": 0.7])), ["EGFR", "EGFR"])
        XCTAssertEqual(symbols(try Transforms.evaluate("filter", ["list": genes, "field": "tier", "op": "!=", "value": "I"])), ["KRAS", "TP53"])
        XCTAssertEqual(symbols(try Transforms.evaluate("filter", ["list": genes, "field": "symbol", "op": "in", "value": ["TP53", "KRAS"]])), ["KRAS", "TP53"])
        XCTAssertEqual(symbols(try Transforms.evaluate("filter", ["list": genes, "field": "symbol", "op": "contains", "value": "GF"])), ["EGFR", "EGFR"])
        XCTAssertEqual(try Transforms.evaluate("filter", ["list": [["a": 1], ["b": 2]], "field": "a", "op": "exists"]), [["a": 1]])
    }

    func testReshaping() throws {
        let weighted = try Transforms.evaluate("weighted_sum", ["list": genes, "weights": ["score": 2, "actionable": 0.5], "as": "priority"])
        XCTAssertEqual(weighted[1]?["priority"], 2.3)
        XCTAssertEqual(weighted[0]?["priority"], 0.8)
        XCTAssertEqual(weighted[0]?["symbol"], "KRAS")

        let groups = try Transforms.evaluate("group_by", ["list": genes, "key": "tier"])
        XCTAssertEqual(symbols(groups["I"] ?? .null), ["EGFR", "EGFR"])
        XCTAssertEqual(symbols(groups["II"] ?? .null), ["KRAS", "TP53"])

        XCTAssertEqual(try Transforms.evaluate("pick", ["from": genes[0] ?? .null, "fields": ["symbol", "tier"]]), ["symbol": "KRAS", "tier": "II"])
        XCTAssertEqual(try Transforms.evaluate("pick", ["from": genes, "fields": ["symbol"]]).arrayValue?.count, 4)

        let drugs: JSONValue = [["symbol": "EGFR", "drug": "osimertinib", "tier": "X"], ["symbol": "BRAF", "drug": "dabrafenib"]]
        let inner = try Transforms.evaluate("join", ["left": genes, "right": drugs, "on": "symbol"])
        XCTAssertEqual(inner.arrayValue?.count, 2)
        XCTAssertEqual(inner[0]?["drug"], "osimertinib")
        XCTAssertEqual(inner[0]?["tier"], "I")  // left wins
        let left = try Transforms.evaluate("join", ["left": genes, "right": drugs, "on": "symbol", "how": "left"])
        XCTAssertEqual(symbols(left), ["KRAS", "EGFR", "TP53", "EGFR"])
    }

    /// Each row: function, arguments, the error text expected.
    func testErrorsNameFunctionAndArgument() {
        let rows: [(String, [String: JSONValue], String)] = [
            ("rank_by", ["list": genes], #"rank_by: argument "key": missing required argument (a string)"#),
            ("rank_by", ["list": genes, "key": "score", "sort": "up"], #"rank_by: argument "sort": unknown argument (rank_by takes list, key, order?)"#),
            ("rank_by", ["list": genes, "key": "score", "order": "up"], #"rank_by: argument "order": expected one of "descending", "ascending", found "up""#),
            ("rank_by", ["list": genes, "key": "tier.x"], #"rank_by: argument "list": item 0 is string, not an object with field "tier.x""#),
            ("rank_by", ["list": [["k": 1], ["k": "a"]], "key": "k"], #"rank_by: argument "key": field "k" must be all numbers or all strings, found number, string"#),
            ("top_k", ["list": genes, "k": -1], #"top_k: argument "k": expected a non-negative integer, found -1"#),
            ("top_k", ["list": "EGFR", "k": 1], #"top_k: argument "list": expected a list, found "EGFR""#),
            ("filter", ["list": genes, "field": "score", "op": ">"], #"filter: argument "value": operator ">" needs a value"#),
            ("filter", ["list": genes, "field": "tier", "op": ">", "value": 1], #"filter: argument "list": operator ">" compares numbers; item 0 field "tier" is string"#),
            ("weighted_sum", ["list": genes, "weights": ["score": "high"]], #"weighted_sum: argument "weights": expected an object of numbers"#),
            ("weighted_sum", ["list": genes, "weights": ["tier": 1]], #"weighted_sum: argument "list": item 0 field "tier" is string, not a number"#),
            ("weighted_sum", ["list": genes, "weights": ["missing": 1]], #"weighted_sum: argument "list": item 0 has no field "missing" (fields: actionable, evidence, score, symbol, tier)"#),
            ("group_by", ["list": genes, "key": "evidence"], #"group_by: argument "key": item 0 field "evidence" is object"#),
            ("pick", ["from": genes, "fields": ["symbol", 3]], #"pick: argument "fields": expected a list of strings"#),
            ("sort", ["list": genes], #"sort: unknown transform (known: filter, group_by, join, pick, rank_by, top_k, unique, weighted_sum)"#),
        ]
        for (name, arguments, expected) in rows {
            XCTAssertThrowsError(try Transforms.evaluate(name, arguments), "\(name) \(arguments)") { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "got:      \(error)\nexpected: \(expected)")
            }
        }
    }

    func testLoadTimeCheckSkipsReferences() throws {
        let rankBy = try XCTUnwrap(Transforms.table["rank_by"])
        XCTAssertEqual(rankBy.check(["list": nil, "key": "score"]), [])
        XCTAssertEqual(rankBy.check(["list": nil, "key": .number(3)]).map(\.description), [#"rank_by: argument "key": expected a string, found 3"#])
        XCTAssertEqual(rankBy.check(["list": nil]).map(\.description), [#"rank_by: argument "key": missing required argument (a string)"#])
    }
}
