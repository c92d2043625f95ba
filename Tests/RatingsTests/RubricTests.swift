import Foundation
@testable import Ratings
import Support
import XCTest

/// The shipped rubric files, the checks a hand-written one goes through (each problem named by
/// file and JSON path), and the judge side: the reply schema and reading a reply.
final class RubricTests: XCTestCase {
    func testShippedRubricsLoad() throws {
        let usefulness = try Rubric.resolve("usefulness", promptsRoot: TestFiles.prompts)
        // The file and the built-in `--scale 1-5` rubric are the same rubric, so old and new keys agree.
        XCTAssertEqual(usefulness, Rubric.singleRating(scale: .usefulness))
        XCTAssertEqual(usefulness.hash, Rubric.singleRating(scale: .usefulness).hash)

        let radonc = try Rubric.resolve("radonc-expert", promptsRoot: TestFiles.prompts)
        XCTAssertEqual(radonc.dimensions.map(\.id), ["rating"])
        XCTAssertNil(radonc.pick)
        // Every anchor is the judge rubric's line for that point (Prompts/judges/radonc-rubric.txt).
        let judge = try String(contentsOf: TestFiles.prompts.appendingPathComponent("judges/radonc-rubric.txt"), encoding: .utf8)
        for point in 1...5 {
            let anchor = try XCTUnwrap(radonc.dimensions[0].anchors[point])
            XCTAssertTrue(judge.contains("\(point) = \(anchor)"), "anchor \(point): \(anchor)")
        }

        let caseAnswer = try Rubric.resolve(TestFiles.prompts.appendingPathComponent("rubrics/case-answer.json").path, promptsRoot: URL(fileURLWithPath: "/nowhere"))
        XCTAssertEqual(caseAnswer.dimensions.map(\.id), ["correctness", "comprehensiveness", "novelty", "hallucination"])
        XCTAssertEqual(caseAnswer.dimensions.map(\.scale.description), ["1-4", "1-4", "0-2", "0-2"])
        for d in caseAnswer.dimensions { XCTAssertEqual(Set(d.anchors.keys), Set(d.scale.values), d.id) }
    }

    func testEveryProblemOfARubricFileIsNamedByPath() throws {
        let directory = try temporaryDirectory(self)
        let path = try write("""
            {"format": "consilium.rubric", "version": 1, "name": "bad", "title": "t", "colour": "red",
             "pick": {"id": "comment", "question": "q"},
             "dimensions": [
               {"id": "Correct", "question": "q", "scale": {"min": 1, "max": 4}},
               {"id": "depth", "question": "", "scale": {"min": 1, "max": 3}, "anchors": {"0": "none", "x": "?"}},
               {"id": "depth", "question": "q", "scale": {"min": 2, "max": 2}}
             ]}
            """, to: directory, "bad.json")
        let found = problems { _ = try Rubric.read(path: path) }
        // The flat scale stops the structural checks (the index list no longer matches the file).
        XCTAssertEqual(found, [
            "bad.json: $.colour: unknown field (expected dimensions, format, name, pick, title, version)",
            "bad.json: $.dimensions[1].anchors.x: \"x\" is not a whole number",
            "bad.json: $.dimensions[2].scale: expected {\"min\": m, \"max\": n} with integers m < n, found {\"max\":2,\"min\":2}",
        ])
        let fixed = try write("""
            {"format": "consilium.rubric", "version": 1, "name": "bad", "title": "t",
             "pick": {"id": "comment", "question": "q"},
             "dimensions": [
               {"id": "Correct", "question": "q", "scale": {"min": 1, "max": 4}},
               {"id": "depth", "question": "", "scale": {"min": 1, "max": 3}, "anchors": {"0": "none"}},
               {"id": "depth", "question": "q", "scale": {"min": 1, "max": 2}},
               {"id": "answer", "question": "q", "scale": {"min": 1, "max": 2}}
             ]}
            """, to: directory, "structure.json")
        XCTAssertEqual(problems { _ = try Rubric.read(path: fixed) }, [
            "structure.json: $.dimensions[0].id: \"Correct\" is not a column name: a lower-case letter, then a-z, 0-9 or _",
            "structure.json: $.dimensions[1].question: empty",
            "structure.json: $.dimensions[1].anchors.0: 0 is not on the scale 1-3",
            "structure.json: $.dimensions[2].id: \"depth\" is the id of an earlier dimension",
            "structure.json: $.dimensions[3].id: \"answer\" is a column every sheet has already",
            "structure.json: $.pick.id: \"comment\" is already a column of the sheet",
        ])
        let wrongFormat = try write(#"{"format": "x", "version": 2, "dimensions": []}"#, to: directory, "format.json")
        XCTAssertEqual(problems { _ = try Rubric.read(path: wrongFormat) }, [
            "format.json: $.format: expected \"consilium.rubric\", found \"x\"", "format.json: $.version: expected 1, found 2",
            "format.json: $.name: missing (expected text)", "format.json: $.title: missing (expected text)",
            "format.json: $.dimensions: a rubric needs at least one dimension",
        ])
        XCTAssertEqual(problems { _ = try Rubric.resolve("no-such-rubric", promptsRoot: TestFiles.prompts) }.first?.hasSuffix(
            "Prompts/rubrics/no-such-rubric.json: file: cannot read the rubric (give a name under Prompts/rubrics or a .json file)"), true)
    }

    func testHashFollowsTheContent() throws {
        let rubric = try Rubric.resolve("case-answer", promptsRoot: TestFiles.prompts)
        // Re-reading its own JSON gives the same rubric and hash; any change of a scale changes the hash.
        XCTAssertEqual(try Rubric.read(rubric.json, source: "<json>"), rubric)
        let wider = try Rubric(name: rubric.name, title: rubric.title, dimensions: rubric.dimensions.map {
            Rubric.Dimension(id: $0.id, question: $0.question, scale: $0.id == "novelty" ? RatingScale(minimum: 0, maximum: 3)! : $0.scale,
                             anchors: $0.anchors)
        })
        XCTAssertNotEqual(wider.hash, rubric.hash)
        XCTAssertEqual(rubric.hash, ContentHash.of(rubric.json.canonicalText))
    }

    func testJudgeSchemaAndReplies() throws {
        let rubric = try Rubric.resolve("case-answer", promptsRoot: TestFiles.prompts)
        let schema = rubric.judgeSchema
        XCTAssertEqual(schema["required"], ["rationale", "correctness", "comprehensiveness", "novelty", "hallucination"])
        XCTAssertEqual(schema["additionalProperties"], false)
        XCTAssertEqual(schema["properties"]?["rationale"], ["type": "string", "maxLength": 400])
        XCTAssertEqual(schema["properties"]?["novelty"], ["type": "integer", "enum": [0, 1, 2]])
        XCTAssertEqual(schema["properties"]?["correctness"]?["enum"], [1, 2, 3, 4])
        // The radonc judge's own schema (Prompts/judges/rating.schema.json) is this schema of the radonc-expert rubric.
        let radonc = try Rubric.resolve("radonc-expert", promptsRoot: TestFiles.prompts)
        let shipped = try JSONValue(parsing: Data(contentsOf: TestFiles.prompts.appendingPathComponent("judges/rating.schema.json")))
        XCTAssertEqual(radonc.judgeSchema["properties"], shipped["properties"])
        XCTAssertEqual(radonc.judgeSchema["required"], shipped["required"])

        let fenced = "Here is my rating:\n```json\n{\"rationale\": \"fine\", \"correctness\": 3, \"comprehensiveness\": 2, \"novelty\": 0, \"hallucination\": 1}\n```"
        XCTAssertEqual(rubric.ratings(fromJudgeReply: fenced),
                       .rated(["correctness": 3, "comprehensiveness": 2, "novelty": 0, "hallucination": 1], rationale: "fine"))
        func reason(_ reply: String) -> String? {
            if case .unparseable(let raw, let reason) = rubric.ratings(fromJudgeReply: reply) { XCTAssertEqual(raw, reply); return reason }
            return nil
        }
        XCTAssertEqual(reason("no idea"), "$: no JSON object in the reply")
        XCTAssertEqual(reason(#"{"correctness": 3, "comprehensiveness": 2, "novelty": 0}"#), "$.hallucination: missing")
        XCTAssertEqual(reason(#"{"correctness": 5, "comprehensiveness": 2, "novelty": 0, "hallucination": 0}"#),
                       "$.correctness: expected a whole number 1-4, found 5")
        XCTAssertEqual(reason(#"{"correctness": 2.5, "comprehensiveness": 2, "novelty": 0, "hallucination": 0}"#),
                       "$.correctness: expected a whole number 1-4, found 2.5")
        XCTAssertEqual(reason(#"{"correctness": 2, "comprehensiveness": 2, "novelty": 0, "hallucination": 0, "rationale": 7}"#),
                       "$.rationale: expected text, found number")
        XCTAssertTrue(reason(#"{"correctness": 2,}"#)?.hasPrefix("$: not JSON") ?? false)
    }
}
