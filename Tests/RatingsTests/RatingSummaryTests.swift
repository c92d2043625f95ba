import Foundation
import Provenance
@testable import Ratings
import Scoring
import Support
import XCTest

/// The summary's means and agreement statistics with their bootstrap intervals, against numbers
/// computed independently by Benchmarks/ratings/bootstrap_reference.py (numpy; it re-implements
/// the seeded draws and each statistic from its paper), and the import stored in a real SQLite file.
final class RatingSummaryTests: XCTestCase {
    /// (case, source, [r1, r2, r3]) in key order; c2/B has no rating of r3. As in the Python script.
    static let table: [(String, String, [Int?])] = [
        ("c1", "s1", [4, 4, 3]), ("c1", "s2", [2, 1, 2]), ("c2", "s1", [3, 3, 3]), ("c2", "s2", [1, 2, nil]),
        ("c3", "s1", [4, 3, 4]), ("c3", "s2", [2, 2, 1]), ("c4", "s1", [3, 4, 4]), ("c4", "s2", [1, 1, 1]),
        ("c5", "s1", [2, 3, 3]), ("c5", "s2", [3, 2, 2]),
    ]

    func fixture(_ directory: URL) throws -> (key: String, sheets: [String]) {
        let scale = try XCTUnwrap(RatingScale(minimum: 1, maximum: 4))
        let rubric = try Rubric(name: "test", title: "t", dimensions: [.init(id: "correctness", question: "q", scale: scale)])
        let items = Self.table.map { c, s, _ in BlindingKey.Item(id: "\(c)/\(s == "s1" ? "A" : "B")", caseID: c, label: s == "s1" ? "A" : "B", source: s) }
        let key = BlindingKey(seed: 0, rubric: rubric, pick: nil, sheetSHA256: "", sources: ["s1", "s2"], items: items)
        let keyPath = try write(key.json.prettyText, to: directory, "key.json")
        let sheets = try (0..<3).map { r in
            try write("item,correctness,comment\n" + zip(items, Self.table).map { item, row in "\(item.id),\(row.2[r].map(String.init) ?? ""),\n" }.joined(),
                      to: directory, "r\(r + 1).csv")
        }
        return (keyPath, sheets)
    }

    func assertEstimate(_ e: BootstrapEstimate?, _ estimate: Double, _ lower: Double, _ upper: Double,
                        file: StaticString = #filePath, line: UInt = #line) {
        guard let e, let value = e.estimate, let i = e.interval else { return XCTFail("no estimate", file: file, line: line) }
        XCTAssertEqual(value, estimate, accuracy: 1e-9, file: file, line: line)
        XCTAssertEqual(i.lower, lower, accuracy: 1e-9, file: file, line: line)
        XCTAssertEqual(i.upper, upper, accuracy: 1e-9, file: file, line: line)
        XCTAssertEqual(e.resamples, 1000, file: file, line: line)
        XCTAssertEqual(e.seed, 20_260_101, file: file, line: line)
    }

    func testMeansAndAgreementWithIntervalsMatchTheReference() throws {
        let directory = try temporaryDirectory(self)
        let (keyPath, sheetPaths) = try fixture(directory)
        let (key, sheets) = try RatingsImport.read(keyPath: keyPath, sheetPaths: sheetPaths)
        let summary = try RatingSummary(key: key, sheets: sheets)
        // python3 Benchmarks/ratings/bootstrap_reference.py (numpy 2.4.6), seed 20260101, 1000 resamples:
        let s1 = try XCTUnwrap(summary.row(source: "s1", dimension: "correctness"))
        XCTAssertEqual(s1.ratings, 15)
        assertEstimate(s1.mean, 3.3333333333333335, 2.933333333333333, 3.6666666666666665)
        let s2 = try XCTUnwrap(summary.row(source: "s2", dimension: "correctness"))
        XCTAssertEqual(s2.ratings, 14)
        assertEstimate(s2.mean, 1.6428571428571428, 1.2666666666666666, 2.066666666666667)
        XCTAssertEqual(summary.statistic("fleiss_kappa", dimension: "correctness")?.items, 9)
        assertEstimate(summary.statistic("fleiss_kappa", dimension: "correctness")?.value, 0.29739776951672864, -0.000103305785123962, 0.49311560150375866)
        assertEstimate(summary.statistic("icc_2_1", dimension: "correctness")?.value, 0.7759999999999996, 0.48175648160716683, 0.8773224128803215)
        XCTAssertEqual(summary.statistic("krippendorff_alpha_ordinal", dimension: "correctness")?.items, 10)
        assertEstimate(summary.statistic("krippendorff_alpha_ordinal", dimension: "correctness")?.value, 0.7652512887771645, 0.4513141504170873, 0.8380854537514965)
        assertEstimate(summary.statistic("weighted_kappa_quadratic", dimension: "correctness", raters: ["r1", "r2"])?.value,
                       0.7142857142857143, 0.34782608695652173, 0.8889194139194139)
        assertEstimate(summary.statistic("weighted_kappa_quadratic", dimension: "correctness", raters: ["r1", "r3"])?.value,
                       0.7272727272727273, 0.25, 0.9000274725274725)
        assertEstimate(summary.statistic("weighted_kappa_quadratic", dimension: "correctness", raters: ["r2", "r3"])?.value,
                       0.8043478260869565, 0.5712557603686635, 0.9412319644839067)
        XCTAssertEqual(summary.statistic("weighted_kappa_quadratic", dimension: "correctness", raters: ["r1", "r3"])?.items, 9)
        XCTAssertEqual(summary.agreement.count, 6, "Fleiss, alpha, ICC and three pairs; no pick column")

        XCTAssertTrue(summary.markdown.contains("| s1 | correctness | 15 | 3.33 | 2.93 to 3.67 |"), summary.markdown)
        XCTAssertTrue(summary.markdown.contains("| correctness | Cohen's kappa (quadratic weights) | r1, r3 | 9 | 0.727 | 0.250 to 0.900 |"), summary.markdown)
        XCTAssertTrue(summary.markdown.contains("1000 resamples, seed 20260101"), summary.markdown)
        XCTAssertEqual(summary.json["bootstrap"]?["resamples"], 1000)
        XCTAssertEqual(summary.json["bootstrap"]?["seed"], "20260101")

        // One rater: means, no agreement.
        let alone = try RatingSummary(key: key, sheets: [sheets[0]])
        XCTAssertTrue(alone.agreement.isEmpty)
        XCTAssertEqual(alone.row(source: "s1", dimension: "correctness")?.mean?.estimate ?? 0, 16.0 / 5, accuracy: 1e-12)
        XCTAssertTrue(alone.markdown.contains("Agreement: needs at least 2 raters."))
    }

    func testImportStoredAsOneRunInSQLite() throws {
        let directory = try temporaryDirectory(self)
        let (keyPath, sheetPaths) = try fixture(directory)
        let db = directory.appendingPathComponent("ratings.sqlite").path
        let (summary, runID) = try RatingsImport.run(keyPath: keyPath, sheetPaths: sheetPaths, flowID: "test.ratings",
                                                     openStore: { try ProvenanceStore(path: db) }, consiliumVersion: "test")
        let store = try ProvenanceStore(path: db)
        let run = try XCTUnwrap(try store.runs().first)
        XCTAssertEqual(run.id, runID)
        XCTAssertEqual(run.flowID, "test.ratings")
        XCTAssertEqual(run.status, .succeeded)
        let artifacts = try store.artifacts(run: run.id)
        XCTAssertEqual(Set(artifacts.map(\.name)), ["inputs", "sheet r1", "sheet r2", "sheet r3", "ratings", "rating-summary", "rating-summary.md"])
        let stored = try XCTUnwrap(artifacts.first { $0.name == "sheet r2" })
        XCTAssertEqual(try store.artifact(stored.hash)?.bytes, try Data(contentsOf: URL(fileURLWithPath: sheetPaths[1])))
        let scores = try store.scores(run: run.id)
        XCTAssertEqual(scores.filter { $0.metric == "correctness" }.count, 29)
        XCTAssertEqual(scores.first { $0.metric == "correctness" && $0.item == "c2/B r2" }?.value, 2)
        XCTAssertNil(scores.first { $0.metric == "correctness" && $0.item == "c2/B r3" }, "an empty cell stores no score")
        XCTAssertEqual(scores.first { $0.metric == "mean_correctness" && $0.item == "s2" }?.value ?? 0, 1.6428571428571428, accuracy: 1e-12)
        XCTAssertEqual(scores.first { $0.metric == "weighted_kappa_quadratic" && $0.item == "correctness r2 vs r3" }?.value ?? 0,
                       0.8043478260869565, accuracy: 1e-9)
        let alpha = try XCTUnwrap(scores.first { $0.metric == "krippendorff_alpha_ordinal" && $0.item == "correctness" })
        XCTAssertEqual(alpha.details["ci"]?["lower"]?.numberValue ?? 0, 0.4513141504170873, accuracy: 1e-9)
        XCTAssertEqual(alpha.details["seed"], "20260101")
        let summaryArtifact = try XCTUnwrap(artifacts.first { $0.name == "rating-summary" })
        XCTAssertEqual(try store.artifact(summaryArtifact.hash)?.bytes, summary.json.canonicalData)
    }

    func testNothingStoredWhenASheetIsBad() throws {
        let directory = try temporaryDirectory(self)
        let (keyPath, sheetPaths) = try fixture(directory)
        let bad = try write("item,correctness\nc1/A,9\n", to: directory, "bad.csv")
        let db = directory.appendingPathComponent("never.sqlite").path
        XCTAssertEqual(problems {
            _ = try RatingsImport.run(keyPath: keyPath, sheetPaths: sheetPaths + [bad], flowID: "t",
                                      openStore: { try ProvenanceStore(path: db) }, consiliumVersion: "test")
        }, ["bad.csv: line 2, column correctness: \"9\" is not a whole number on the scale 1-4"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }
}
