import Foundation
@testable import Ratings
import Support
import XCTest

/// The export is generic over what is rated, deterministic for a seed, shuffles labels per case,
/// and writes a key that names every source; keys of both versions read back.
final class BlindedExportTests: XCTestCase {
    static let cases = (1...6).map { RatingCase(id: "q\($0)", text: "Question \($0)?\nSecond line, with a comma") }
    static let sources = [
        AnswerSet(source: "model-b", answers: Dictionary(uniqueKeysWithValues: (1...6).map { ("q\($0)", "b says \($0)") })),
        AnswerSet(source: "model-a", answers: Dictionary(uniqueKeysWithValues: (1...5).map { ("q\($0)", "a says \"\($0)\"") })),
        AnswerSet(source: "expert", answers: Dictionary(uniqueKeysWithValues: (1...6).map { ("q\($0)", "reference view \($0)") })),
    ]

    func rubric() throws -> Rubric { try Rubric.resolve("case-answer", promptsRoot: TestFiles.prompts) }

    func testSheetColumnsLabelsAndKey() throws {
        let export = try BlindedExport.make(cases: Self.cases, sources: Self.sources, rubric: rubric(), seed: 7,
                                            options: .init(caseTextColumn: "question", missingAnswer: "(none)"))
        let key = export.key
        XCTAssertEqual(key.sources, ["expert", "model-a", "model-b"])
        XCTAssertEqual(key.items.count, 18)
        XCTAssertNil(key.pick)
        XCTAssertEqual(key.sheetSHA256, ContentHash.of(export.sheet).hex)

        let (records, error) = CSVReader.read(export.sheet)
        XCTAssertNil(error)
        XCTAssertEqual(records[0].fields, ["item", "case", "question", "answer", "correctness", "comprehensiveness", "novelty", "hallucination", "comment"])
        XCTAssertEqual(records.count, 19)
        for (record, item) in zip(records.dropFirst(), key.items) {
            let f = record.fields
            XCTAssertEqual(f[0], item.id)
            XCTAssertEqual(f[0], "\(item.caseID)/\(item.label)")
            XCTAssertEqual(f[1], item.caseID)
            XCTAssertEqual(f[2], Self.cases.first { $0.id == item.caseID }?.text)
            let expected = Self.sources.first { $0.source == item.source }?.answers[item.caseID] ?? "(none)"
            XCTAssertEqual(f[3], expected)
            XCTAssertEqual(Array(f[4...]), ["", "", "", "", ""])
        }
        XCTAssertFalse(["expert", "model-a", "model-b"].contains { export.sheet.contains($0) }, "the sheet names no source")
        // Labels A, B, C in each case, and the source under A differs between cases.
        for c in Self.cases { XCTAssertEqual(key.items.filter { $0.caseID == c.id }.map(\.label), ["A", "B", "C"]) }
        XCTAssertGreaterThan(Set(key.items.filter { $0.label == "A" }.map(\.source)).count, 1)

        // The same seed gives the same bytes; another seed another assignment.
        let again = try BlindedExport.make(cases: Self.cases, sources: Self.sources.reversed(), rubric: rubric(), seed: 7,
                                           options: .init(caseTextColumn: "question", missingAnswer: "(none)"))
        XCTAssertEqual(again.sheet, export.sheet)
        XCTAssertEqual(again.key, key)
        let other = try BlindedExport.make(cases: Self.cases, sources: Self.sources, rubric: rubric(), seed: 8,
                                           options: .init(caseTextColumn: "question", missingAnswer: "(none)"))
        XCTAssertNotEqual(other.key.items.map(\.source), key.items.map(\.source))
    }

    func testExportRefusals() throws {
        let rubric = try rubric()
        XCTAssertThrowsError(try BlindedExport.make(cases: Self.cases, sources: [Self.sources[0]], rubric: rubric, seed: 1)) {
            XCTAssertEqual("\($0)", "blinded export: blinding needs at least 2 sources, found 1 (model-b)")
        }
        XCTAssertNoThrow(try BlindedExport.make(cases: Self.cases, sources: [Self.sources[0]], rubric: rubric, seed: 1,
                                                options: .init(minimumSources: 1)))
        XCTAssertThrowsError(try BlindedExport.make(cases: Self.cases, sources: [Self.sources[0], Self.sources[0]], rubric: rubric, seed: 1)) {
            XCTAssertEqual("\($0)", "blinded export: source \"model-b\" is given twice; give each answer set its own name")
        }
        XCTAssertThrowsError(try BlindedExport.make(cases: Self.cases, sources: Self.sources, rubric: rubric, seed: 1,
                                                    options: .init(caseTextColumn: "novelty"))) {
            XCTAssertTrue("\($0)".contains("two columns named novelty"), "\($0)")
        }
    }

    func testKeyVersionTwoRoundTripAndNeverOverwritten() throws {
        let directory = try temporaryDirectory(self)
        let export = try BlindedExport.make(cases: Self.cases, sources: Self.sources, rubric: .singleRating(scale: .usefulness), seed: 3)
        let sheet = directory.appendingPathComponent("s.csv").path, keyPath = directory.appendingPathComponent("k.json").path
        try export.write(sheetPath: sheet, keyPath: keyPath)
        let key = try BlindingKey.read(path: keyPath)
        XCTAssertEqual(key, export.key)
        XCTAssertEqual(key.json["format"], "consilium.blinding-key")
        XCTAssertEqual(key.json["version"], 2)
        XCTAssertEqual(key.pick, .mostUseful)
        XCTAssertThrowsError(try export.write(sheetPath: directory.appendingPathComponent("t.csv").path, keyPath: keyPath)) {
            XCTAssertTrue("\($0)".hasSuffix("k.json: cannot write the report: exists; choose another name (a key must stay with the sheets made with it)"))
        }
        // A key whose rubric is damaged names the path inside the key.
        var members = key.json.objectValue ?? [:]
        members["rubric"] = .object(["format": "consilium.rubric", "version": 1, "name": "x", "title": "t", "dimensions": .array([])])
        XCTAssertEqual(problems { _ = try BlindingKey.read(.object(members), source: "k.json") },
                       ["k.json: $.rubric.dimensions: a rubric needs at least one dimension"])
    }

    /// A key as the tumor board wrote it before rubrics (format consilium.tumorboard.blinding-key,
    /// version 1), and a sheet in that version's layout (with its `set` and `options` columns).
    static let versionOneKey = """
        {"format": "consilium.tumorboard.blinding-key", "version": 1, "seed": "7", "scale": {"min": 1, "max": 5},
         "sheet_sha256": "00", "sources": ["human", "model-x"],
         "items": [{"item": "c1/A", "case": "c1", "set": "A", "source": "model-x", "options": 1},
                   {"item": "c1/B", "case": "c1", "set": "B", "source": "human", "options": 2}]}
        """

    func testVersionOneKeysStillImport() throws {
        let directory = try temporaryDirectory(self)
        let keyPath = try write(Self.versionOneKey, to: directory, "old-key.json")
        let key = try BlindingKey.read(path: keyPath)
        XCTAssertEqual(key.rubric, .singleRating(scale: .usefulness))
        XCTAssertEqual(key.pick, .mostUseful)
        XCTAssertEqual(key.items.map(\.source), ["model-x", "human"])
        XCTAssertEqual(key.items.map(\.label), ["A", "B"])
        let sheet = try write("""
            item,case,set,case_summary,options,rating,most_useful,comment
            c1/A,c1,A,,KRAS p.G12C: sotorasib,2,,
            c1/B,c1,B,,KRAS p.G12C: adagrasib; sotorasib,5,x,good

            """, to: directory, "old-rater.csv")
        let (_, sheets) = try RatingsImport.read(keyPath: keyPath, sheetPaths: [sheet])
        XCTAssertEqual(sheets.map(\.rater), ["old-rater"])
        XCTAssertEqual(sheets[0].ratings.map(\.values), [["rating": 2], ["rating": 5]])
        XCTAssertEqual(sheets[0].ratings.map(\.picked), [false, true])
        XCTAssertEqual(sheets[0].ratings.map(\.comment), ["", "good"])
        // Another scale in an old key is a one-dimension rubric on that scale.
        let other = try BlindingKey.read(JSONValue(parsing: Self.versionOneKey.replacingOccurrences(of: #""max": 5"#, with: #""max": 7"#)), source: "k")
        XCTAssertEqual(other.rubric.dimensions.map(\.scale.description), ["1-7"])
        XCTAssertEqual(problems { _ = try BlindingKey.read(JSONValue(parsing: #"{"format": "consilium.tumorboard.blinding-key", "version": 2}"#), source: "k") },
                       ["k: $.version: expected 1 for consilium.tumorboard.blinding-key, found 2"])
    }
}
