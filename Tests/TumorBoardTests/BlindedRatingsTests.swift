import ConsiliumCLI
import Foundation
import Oncology
import Provenance
import Ratings
import Scoring
import Support
@testable import TumorBoard
import XCTest

/// The blinded survey round trip on real files and a real SQLite store: `export-blinded` writes a
/// sheet that names no source and a key that does; two raters' sheets (written here as a rater
/// would fill them in) come back through `import-ratings`, whose summary is checked against values
/// computed by hand (numpy, in the comments); and each kind of bad sheet is refused with its file
/// and line before anything is stored.
final class BlindedRatingsTests: XCTestCase {
    /// Two sources on three cases: "human" (the reference) and "model-x".
    static let rows = """
        {"format": "consilium.tumorboard.option-rows", "version": 1, "rows": [
          {"case": "c1", "alteration": "KRAS p.G12C", "source": "human", "option": "sotorasib", "citations": []},
          {"case": "c1", "alteration": "KRAS p.G12C", "source": "human", "option": "adagrasib", "citations": []},
          {"case": "c1", "alteration": "KRAS p.G12C", "source": "model-x", "option": "Sotorasib", "citations": []},
          {"case": "c2", "alteration": "BRAF p.V600E", "source": "human", "option": "dabrafenib and trametinib", "citations": []},
          {"case": "c2", "alteration": "BRAF p.V600E", "source": "model-x", "option": "vemurafenib", "citations": []},
          {"case": "c3", "alteration": "EGFR p.L858R", "source": "human", "option": "osimertinib", "citations": []}
        ]}
        """

    /// (source, case) -> (rater 1, rater 2) ratings, and which source each rater marks most useful.
    static let ratings: [String: (Int, Int)] = [
        "human c1": (5, 4), "human c2": (4, 4), "human c3": (5, 5),
        "model-x c1": (2, 2), "model-x c2": (3, 2), "model-x c3": (1, 1),
    ]
    static let marks: [String: (String, String)] = ["c1": ("human", "human"), "c2": ("human", "human"), "c3": ("human", "model-x")]
    /// The sheet's columns: item, case, case_summary, answer, rating, most_useful, comment.
    static let answer = 3, rating = 4, mostUseful = 5

    func export(_ directory: URL, seed: Int = 7, name: String = "") async throws -> (sheet: String, key: String) {
        let rowsPath = directory.appendingPathComponent("rows.json").path
        if !FileManager.default.fileExists(atPath: rowsPath) { try Data(Self.rows.utf8).write(to: URL(fileURLWithPath: rowsPath)) }
        let sheet = directory.appendingPathComponent("sheet\(name).csv").path, key = directory.appendingPathComponent("key\(name).json").path
        let (status, _, stderr) = await consilium(["tumorboard", "export-blinded", "--rows", rowsPath, "--seed", "\(seed)", "--sheet", sheet, "--key", key])
        XCTAssertEqual(status, 0, stderr)
        return (sheet, key)
    }

    /// The exported sheet filled in as rater `index` (0 or 1) would, saved as `<rater>.csv`.
    func fill(_ sheetPath: String, key: BlindingKey, rater index: Int, name: String, in directory: URL,
              edit: ([[String]]) -> [[String]] = { $0 }) throws -> String {
        let table = try CSVTable(path: sheetPath)
        let records = table.records.map { record -> [String] in
            var r = record
            guard let item = key.item(record[0]) else { return r }
            let pair = Self.ratings["\(item.source) \(item.caseID)"] ?? (0, 0)
            r[Self.rating] = String(index == 0 ? pair.0 : pair.1)
            let mark = Self.marks[item.caseID].map { index == 0 ? $0.0 : $0.1 }
            r[Self.mostUseful] = mark == item.source ? "x" : ""
            return r
        }
        let path = directory.appendingPathComponent("\(name).csv").path
        try Data(CSVWriter.text(header: table.header, records: edit(records)).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testExportIsBlindedSeededAndKeyed() async throws {
        let directory = try temporaryDirectory(self)
        let (sheetPath, keyPath) = try await export(directory)
        let sheet = try String(contentsOfFile: sheetPath, encoding: .utf8)
        let key = try BlindingKey.read(path: keyPath)
        XCTAssertFalse(sheet.contains("human") || sheet.contains("model-x"), "the sheet names no source:\n\(sheet)")
        XCTAssertEqual(key.sources, ["human", "model-x"])
        XCTAssertEqual(key.items.count, 6)
        XCTAssertEqual(key.sheetSHA256, ContentHash.of(sheet).hex)

        let table = try CSVTable(path: sheetPath)
        XCTAssertEqual(table.header, ["item", "case", "case_summary", "answer", "rating", "most_useful", "comment"])
        XCTAssertEqual(key.rubric, Rubric.singleRating(scale: .usefulness))
        XCTAssertEqual(key.pick, .mostUseful)
        XCTAssertEqual(table.records.map { $0[0] }, key.items.map(\.id))
        XCTAssertEqual(table.records.map { String($0[0].split(separator: "/").last ?? "") }, ["A", "B", "A", "B", "A", "B"])
        for (record, item) in zip(table.records, key.items) {
            // Each set shows its own source's options, lower-cased and sorted; an empty set says so.
            switch (item.source, item.caseID) {
            case ("human", "c1"): XCTAssertEqual(record[Self.answer], "KRAS p.G12C: adagrasib; sotorasib")
            case ("model-x", "c1"): XCTAssertEqual(record[Self.answer], "KRAS p.G12C: sotorasib")
            case ("model-x", "c3"): XCTAssertEqual(record[Self.answer], OptionSetRatings.noOption)
            default: break
            }
        }
        // The same seed gives the same sheet; some other seed puts another source first somewhere.
        let again = try await export(directory, seed: 7, name: "-again")
        XCTAssertEqual(try String(contentsOfFile: again.sheet, encoding: .utf8), sheet)
        var orders: Set<[String]> = []
        for seed in 1...6 {
            let other = try await export(directory, seed: seed, name: "-\(seed)")
            orders.insert(try BlindingKey.read(path: other.key).items.map(\.source))
        }
        XCTAssertGreaterThan(orders.count, 1)
        // A key is never overwritten: sheets already handed out would lose their key.
        let (status, _, stderr) = await consilium(["tumorboard", "export-blinded", "--rows", directory.appendingPathComponent("rows.json").path,
                                                   "--sheet", directory.appendingPathComponent("new.csv").path, "--key", keyPath])
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(stderr.contains("key.json: cannot write the report: exists"), stderr)
    }

    func testTwoRatersImportedStoredAndSummarized() async throws {
        let directory = try temporaryDirectory(self)
        let (sheetPath, keyPath) = try await export(directory)
        let key = try BlindingKey.read(path: keyPath)
        let first = try fill(sheetPath, key: key, rater: 0, name: "rater-one", in: directory)
        let second = try fill(sheetPath, key: key, rater: 1, name: "rater-two", in: directory)
        let db = directory.appendingPathComponent("ratings.sqlite").path
        let (status, stdout, stderr) = await consilium(["tumorboard", "import-ratings", "--key", keyPath, "--db", db, first, second])
        XCTAssertEqual(status, 0, stderr)

        let (_, sheets) = try RatingsImport.read(keyPath: keyPath, sheetPaths: [first, second])
        let summary = try RatingSummary(key: key, sheets: sheets)
        let human = try XCTUnwrap(summary.row(source: "human", dimension: "rating"))
        let model = try XCTUnwrap(summary.row(source: "model-x", dimension: "rating"))
        XCTAssertEqual(human.mean?.estimate ?? 0, 27.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(model.mean?.estimate ?? 0, 11.0 / 6, accuracy: 1e-12)
        let picks = try XCTUnwrap(summary.picks.first { $0.source == "human" })
        XCTAssertEqual(picks.picks, 5)
        XCTAssertEqual(picks.share ?? 0, 5.0 / 6, accuracy: 1e-12)
        let pair = ["rater-one", "rater-two"]
        // numpy, two-way ANOVA on the 6 x 2 ratings: ICC(2,1) = 0.935065; Fleiss 0.571429; weighted kappa 0.923077.
        XCTAssertEqual(summary.statistic("icc_2_1", dimension: "rating")?.items, 6)
        XCTAssertEqual(summary.statistic("icc_2_1", dimension: "rating")?.value?.estimate ?? 0, 0.9350649350649353, accuracy: 1e-9)
        XCTAssertEqual(summary.statistic("fleiss_kappa", dimension: "rating")?.value?.estimate ?? 0, 0.5714285714285714, accuracy: 1e-9)
        XCTAssertEqual(summary.statistic("weighted_kappa_quadratic", dimension: "rating", raters: pair)?.value?.estimate ?? 0,
                       0.9230769230769231, accuracy: 1e-9)
        let pickAgreement = try XCTUnwrap(summary.statistic("pick_fleiss_kappa", dimension: "most_useful"))
        XCTAssertEqual(pickAgreement.items, 3)
        let labels = ["c1", "c2", "c3"].map { c in [0, 1].map { r in
            key.items.first { $0.caseID == c && $0.source == (r == 0 ? Self.marks[c]?.0 : Self.marks[c]?.1) }?.label ?? "" } }
        XCTAssertEqual(pickAgreement.value?.estimate, try FleissKappa(ratings: labels).kappa)
        XCTAssertTrue(stdout.contains("| human | rating | 6 | 4.50 |"), stdout)
        XCTAssertTrue(stdout.contains("| human | 5 | 0.833 |"), stdout)
        XCTAssertTrue(stdout.contains("| rating | ICC(2,1) | rater-one, rater-two | 6 | 0.935 |"), stdout)

        // In the store: one succeeded run with the sheets, the unblinded ratings and the scores.
        let store = try ProvenanceStore(path: db)
        let run = try XCTUnwrap(try store.runs().first)
        XCTAssertEqual(run.flowID, OptionSetRatings.flowID)
        XCTAssertEqual(run.status, .succeeded)
        let artifacts = try store.artifacts(run: run.id)
        XCTAssertEqual(Set(artifacts.map(\.name)), ["inputs", "sheet rater-one", "sheet rater-two", "ratings", "rating-summary", "rating-summary.md"])
        let stored = try XCTUnwrap(artifacts.first { $0.name == "sheet rater-two" })
        XCTAssertEqual(try store.artifact(stored.hash)?.bytes, try Data(contentsOf: URL(fileURLWithPath: second)))
        let scores = try store.scores(run: run.id)
        XCTAssertEqual(scores.filter { $0.metric == "rating" }.count, 12)
        XCTAssertEqual(scores.first { $0.metric == "mean_rating" && $0.item == "human" }?.value ?? 0, 4.5, accuracy: 1e-12)
        XCTAssertEqual(scores.first { $0.metric == "icc_2_1" }?.value ?? 0, 0.9350649350649353, accuracy: 1e-9)
        let c3human = try XCTUnwrap(key.items.first { $0.caseID == "c3" && $0.source == "human" })
        XCTAssertEqual(scores.first { $0.metric == "rating" && $0.item == "\(c3human.id) rater-two" }?.value, 5)
    }

    func testBadSheetsAreNamedByFileAndLineAndNothingIsStored() async throws {
        let directory = try temporaryDirectory(self)
        let (sheetPath, keyPath) = try await export(directory)
        let key = try BlindingKey.read(path: keyPath)
        let db = directory.appendingPathComponent("never.sqlite").path
        func refused(_ name: String, edit: @escaping ([[String]]) -> [[String]]) async throws -> String {
            let path = try fill(sheetPath, key: key, rater: 0, name: name, in: directory, edit: edit)
            let (status, _, stderr) = await consilium(["tumorboard", "import-ratings", "--key", keyPath, "--db", db, path])
            XCTAssertNotEqual(status, 0, name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: db), "nothing is stored for \(name)")
            return stderr
        }
        // Line numbers count the header as line 1: record i is on line i + 2.
        var stderr = try await refused("unknown-id") { var r = $0; r[1][0] = "c9/Z"; return r }
        XCTAssertTrue(stderr.contains("unknown-id.csv: line 3, column item: unknown item id \"c9/Z\""), stderr)
        stderr = try await refused("off-scale") { var r = $0; r[3][Self.rating] = "7"; r[4][Self.rating] = "4.5"; return r }
        XCTAssertTrue(stderr.contains("off-scale.csv: line 5, column rating: \"7\" is not a whole number on the scale 1-5"), stderr)
        XCTAssertTrue(stderr.contains("off-scale.csv: line 6, column rating: \"4.5\""), stderr)
        stderr = try await refused("two-marks") { var r = $0; r[0][Self.mostUseful] = "x"; r[1][Self.mostUseful] = "x"; return r }
        XCTAssertTrue(stderr.contains("two-marks.csv: line 3, column most_useful: case c1 has a second most_useful mark by two-marks"), stderr)
        stderr = try await refused("bad-mark") { var r = $0; r[2][Self.mostUseful] = "best"; return r }
        XCTAssertTrue(stderr.contains("bad-mark.csv: line 4, column most_useful: \"best\" is not a mark"), stderr)

        let noRating = directory.appendingPathComponent("no-rating.csv").path
        let table = try CSVTable(path: sheetPath)
        try Data(CSVWriter.text(header: table.header.filter { $0 != "rating" }, records: table.records.map { r in
            r.enumerated().filter { $0.offset != Self.rating }.map(\.element) }).utf8).write(to: URL(fileURLWithPath: noRating))
        let (status, _, missing) = await consilium(["tumorboard", "import-ratings", "--key", keyPath, "--db", db, noRating])
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(missing.contains("no-rating.csv: line 1: missing column rating"), missing)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }

    func consilium(_ arguments: [String]) async -> (Int32, String, String) {
        let stdout = StringWriter(), stderr = StringWriter()
        let status = await Consilium.main(["consilium"] + arguments,
                                          context: CommandContext(stdout: stdout, stderr: stderr, environment: ProcessInfo.processInfo.environment))
        return (status, stdout.text, stderr.text)
    }
}
