import Foundation
@testable import Ratings
import Support
import XCTest

/// Filled-in sheets as raters return them: saved by spreadsheets (BOM, CRLF, `;`, cells over
/// several lines), several raters in one file, and every kind of mistake, each reported with
/// file, line and column, all sheets' problems at once.
final class RatingsImportTests: XCTestCase {
    /// Two cases, two sources, the case-answer rubric; items in a fixed order (no shuffle).
    func key() throws -> BlindingKey {
        let rubric = try Rubric.resolve("case-answer", promptsRoot: TestFiles.prompts)
        let items = [("c1", "A", "s1"), ("c1", "B", "s2"), ("c2", "A", "s2"), ("c2", "B", "s1")].map {
            BlindingKey.Item(id: "\($0.0)/\($0.1)", caseID: $0.0, label: $0.1, source: $0.2)
        }
        return BlindingKey(seed: 1, rubric: rubric, pick: Rubric.Pick(id: "best", question: "q"), sheetSHA256: "", sources: ["s1", "s2"], items: items)
    }

    func keyFile(_ directory: URL) throws -> String {
        try write(key().json.prettyText, to: directory, "key.json")
    }

    func testSpreadsheetSavedSheetsRead() throws {
        let directory = try temporaryDirectory(self)
        let keyPath = try keyFile(directory)
        // LibreOffice in a German locale: BOM, CRLF, `;`, a quoted answer over two lines, a trailing empty cell dropped.
        let libre = "\u{FEFF}item;case;question;answer;correctness;comprehensiveness;novelty;hallucination;best;comment\r\n"
            + "c1/A;c1;Q1;\"line one\r\nline two; with semicolon\";4;3;0;0;x;\"said \"\"fine\"\"\"\r\n"
            + "c1/B;c1;Q1;other;2;2;1;2;;\r\n"
            + "c2/A;c2;Q2;x;;;;;\r\n"
        let librePath = try write(libre, to: directory, "libre.csv")
        // Excel with a rater column holding two raters, columns in another order.
        let excel = "rater,item,best,correctness,comprehensiveness,novelty,hallucination\r\n"
            + "ann,c1/A,,3,3,0,0\r\nann,c2/B,x,4,4,2,0\r\nbob,c1/A,x,3,2,0,1\r\n"
        let excelPath = try write(excel, to: directory, "panel.csv")
        let (_, sheets) = try RatingsImport.read(keyPath: keyPath, sheetPaths: [librePath, excelPath])
        XCTAssertEqual(sheets.map(\.rater), ["libre", "ann", "bob"])
        let libreRatings = sheets[0].ratings
        XCTAssertEqual(libreRatings.map(\.item), ["c1/A", "c1/B", "c2/A"])
        XCTAssertEqual(libreRatings[0].values, ["correctness": 4, "comprehensiveness": 3, "novelty": 0, "hallucination": 0])
        XCTAssertEqual(libreRatings[0].comment, "said \"fine\"")
        XCTAssertTrue(libreRatings[0].picked)
        XCTAssertEqual(libreRatings.map(\.line), [2, 4, 5], "a record's line is where it starts; the quoted line break counts")
        XCTAssertEqual(libreRatings[2].values, [:], "empty cells are not rated")
        XCTAssertEqual(sheets[1].ratings.map(\.item), ["c1/A", "c2/B"])
        XCTAssertEqual(sheets[2].ratings.first?.values["hallucination"], 1)
    }

    func testEveryProblemOfEverySheetNamedAndNothingRead() throws {
        let directory = try temporaryDirectory(self)
        let keyPath = try keyFile(directory)
        let header = "item,correctness,comprehensiveness,novelty,hallucination,best\n"
        let first = try write(header
            + "c1/A,4,4,0,0,x\n"          // line 2
            + "c9/Z,4,4,0,0,\n"           // line 3: unknown id
            + "c1/B,5,2.5,-1,0,x\n"       // line 4: off scale, not whole, off scale, second pick in c1
            + "c1/A,1,1,0,0,\n"           // line 5: rated twice
            + "c2/A,1,1,0,0,best\n",      // line 6: not a mark
            to: directory, "first.csv")
        let second = try write("item,correctness,novelty\nc1/A,1,0\n", to: directory, "second.csv")
        let third = try write("rater,item,correctness,comprehensiveness,novelty,hallucination,best\n,c1/A,1,1,0,0,\n", to: directory, "third.csv")
        let fourth = try write("something,else\n1,2\n", to: directory, "fourth.csv")
        let found = problems { _ = try RatingsImport.read(keyPath: keyPath, sheetPaths: [first, second, third, fourth]) }
        XCTAssertEqual(found, [
            "first.csv: line 3, column item: unknown item id \"c9/Z\": not in the blinding key (was the sheet made with another key?)",
            "first.csv: line 4, column correctness: \"5\" is not a whole number on the scale 1-4",
            "first.csv: line 4, column comprehensiveness: \"2.5\" is not a whole number on the scale 1-4",
            "first.csv: line 4, column novelty: \"-1\" is not a whole number on the scale 0-2",
            "first.csv: line 4, column best: case c1 has a second best mark by first (c1/A on line 2 is marked too)",
            "first.csv: line 5, column item: \"c1/A\" is rated twice by first (first on line 2)",
            "first.csv: line 6, column best: \"best\" is not a mark: write x, or leave it empty",
            "second.csv: line 1: missing columns comprehensiveness, hallucination, best (header: item, correctness, novelty)",
            "third.csv: line 2, column rater: empty: write the rater's name (a sheet with a rater column names one in every row)",
            "fourth.csv: line 1: missing column item (header read with , ; or tab: something, else)",
        ])
    }

    func testOneRaterInTwoFilesIsRefused() throws {
        let directory = try temporaryDirectory(self)
        let keyPath = try keyFile(directory)
        let a = try write("rater,item,correctness,comprehensiveness,novelty,hallucination,best\nann,c1/A,1,1,0,0,\n", to: directory, "a.csv")
        let b = try write("item,correctness,comprehensiveness,novelty,hallucination,best\nc1/B,1,1,0,0,\n", to: directory, "ann.csv")
        let found = problems { _ = try RatingsImport.read(keyPath: keyPath, sheetPaths: [a, b]) }
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.hasPrefix("ann.csv: file: rater \"ann\" is also in ") ?? false, "\(found)")
    }
}
