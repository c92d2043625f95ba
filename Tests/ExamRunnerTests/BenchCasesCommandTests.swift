import ConsiliumCLI
import ExamRunner
@testable import Exams
import Foundation
import Provenance
import Ratings
import Support
import XCTest

/// `consilium bench cases export` and `import` end to end on the shipped radonc-realworld-50 subset
/// (first 5 items, the answer of OpenBioLLM-70B it ships as the one source), with two raters'
/// sheets written here as raters would fill them in, into a real SQLite store.
final class BenchCasesCommandTests: XCTestCase {
    /// Per case (radonc-1...5) the two raters' correctness, comprehensiveness, novelty, hallucination.
    static let ratings: [String: ([Int], [Int])] = [
        "radonc-1": ([4, 3, 0, 0], [4, 4, 0, 0]), "radonc-2": ([2, 2, 0, 1], [3, 2, 0, 1]),
        "radonc-3": ([3, 3, 1, 0], [3, 2, 0, 0]), "radonc-4": ([1, 1, 0, 2], [2, 1, 0, 2]),
        "radonc-5": ([4, 4, 2, 0], [4, 3, 1, 0]),
    ]

    func export(_ dir: String, extra: [String] = []) async throws -> (sheet: String, key: String, run: CLIRun) {
        let sheet = "\(dir)/sheet.csv", key = "\(dir)/key.json"
        let run = await CLIRun.run(["bench", "cases", "export", "radonc-realworld-50", "--rubric", "case-answer", "--sheet", sheet, "--key", key,
                                    "--seed", "5", "--limit", "5", "--data", ExamFixtures.subsets, "--prompts", "\(ExamFixtures.repository)/Prompts"] + extra)
        return (sheet, key, run)
    }

    func testExportAndImportTwoRaters() async throws {
        let dir = try ExamFixtures.directory(self)
        let (sheetPath, keyPath, exported) = try await export(dir)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertTrue(exported.stdout.contains("wrote \(sheetPath) (5 answers, 5 cases of radonc-realworld-50, 1 source, rubric case-answer)"), exported.stdout)

        let key = try BlindingKey.read(path: keyPath)
        XCTAssertEqual(key.sources, [CaseAnswerRatings.shippedSource])
        XCTAssertEqual(key.caseIDs, ["radonc-1", "radonc-2", "radonc-3", "radonc-4", "radonc-5"])
        XCTAssertEqual(key.rubric.name, "case-answer")
        let dataset = try ExamRegistry(root: ExamFixtures.subsets, layout: .subset).load("radonc-realworld-50").dataset
        let (records, damage) = CSVReader.read(try String(contentsOfFile: sheetPath, encoding: .utf8))
        XCTAssertNil(damage)
        XCTAssertEqual(records[0].fields, ["item", "case", "question", "answer", "correctness", "comprehensiveness", "novelty", "hallucination", "comment"])
        for (record, item) in zip(records.dropFirst(), dataset.items.prefix(5)) {
            XCTAssertEqual(record.fields[0], "\(item.id)/A")
            XCTAssertEqual(record.fields[2], item.stem)
            XCTAssertEqual(record.fields[3], item.annotations["modelAnswer"])
        }

        // Two raters fill the four rubric columns; the second leaves one cell of radonc-2 empty.
        var paths: [String] = []
        for (index, name) in ["dr-a", "dr-b"].enumerated() {
            var lines = ["item,correctness,comprehensiveness,novelty,hallucination,comment"]
            for item in key.items {
                let pair = Self.ratings[item.caseID] ?? ([], [])
                var values = (index == 0 ? pair.0 : pair.1).map(String.init)
                if index == 1 && item.caseID == "radonc-2" { values[2] = "" }
                lines.append("\(item.id),\(values.joined(separator: ",")),")
            }
            let path = "\(dir)/\(name).csv"
            try ExamFixtures.write(lines.joined(separator: "\r\n") + "\r\n", to: path)
            paths.append(path)
        }
        let db = "\(dir)/prov.sqlite"
        let imported = await CLIRun.run(["bench", "cases", "import", "--key", keyPath, "--db", db] + paths)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        // Means over both raters: correctness (4+2+3+1+4 + 4+3+3+2+4) / 10 = 3.0; novelty 4 / 9 ratings.
        XCTAssertTrue(imported.stdout.contains("| shipped answer | correctness | 10 | 3.00 |"), imported.stdout)
        XCTAssertTrue(imported.stdout.contains("| shipped answer | novelty | 9 | 0.44 |"), imported.stdout)
        // Hand-computed, quadratic weights on 1-4: correctness pairs (4,4) (2,3) (3,3) (1,2) (4,4):
        // observed sum of ((a-b)/3)^2 = 2/9 over 5 = 0.0444; expected from the marginals
        // a = {4,2,3,1,4}, b = {4,3,3,2,4}: mean over all 25 pairs = 0.231111; kappa = 1 - 0.044444/0.231111 = 0.807692.
        XCTAssertTrue(imported.stdout.contains("| correctness | Cohen's kappa (quadratic weights) | dr-a, dr-b | 5 | 0.808 |"), imported.stdout)

        let store = try ProvenanceStore(path: db)
        let run = try XCTUnwrap(try store.runs().first)
        XCTAssertEqual(run.flowID, CaseAnswerRatings.flowID)
        let scores = try store.scores(run: run.id)
        XCTAssertEqual(scores.filter { ["correctness", "comprehensiveness", "novelty", "hallucination"].contains($0.metric) }.count, 39)
        XCTAssertEqual(scores.first { $0.metric == "hallucination" && $0.item == "radonc-4/A dr-b" }?.value, 2)
        XCTAssertEqual(scores.first { $0.metric == "weighted_kappa_quadratic" && $0.item == "correctness dr-a vs dr-b" }?.value ?? 0,
                       0.8076923076923077, accuracy: 1e-9)

        // --json prints the same summary as JSON; a second import is a second run.
        let json = await CLIRun.run(["bench", "cases", "import", "--key", keyPath, "--db", db, "--json"] + paths)
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertTrue(json.stdout.contains("\"rubric\": \"case-answer\""), json.stdout)
        XCTAssertEqual(try store.runs().count, 2)
    }

    func testBadSheetsRefusedWithFileLineAndColumn() async throws {
        let dir = try ExamFixtures.directory(self)
        let (_, keyPath, exported) = try await export(dir)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        let a = "\(dir)/a.csv", b = "\(dir)/b.csv"
        try ExamFixtures.write("item,correctness,comprehensiveness,novelty,hallucination\nradonc-1/A,4,4,3,0\nradonc-1/B,1,1,0,0\n", to: a)
        try ExamFixtures.write("item;correctness;comprehensiveness;novelty\nradonc-1/A;4;4;0\n", to: b)
        let db = "\(dir)/never.sqlite"
        let run = await CLIRun.run(["bench", "cases", "import", "--key", keyPath, "--db", db, a, b])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("a.csv: line 2, column novelty: \"3\" is not a whole number on the scale 0-2"), run.stderr)
        XCTAssertTrue(run.stderr.contains("a.csv: line 3, column item: unknown item id \"radonc-1/B\""), run.stderr)
        XCTAssertTrue(run.stderr.contains("b.csv: line 1: missing column hallucination"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }

    func testCopyrightedQuestionTextIsWithheldUnlessAsked() throws {
        let items = try (1...3).map {
            try ExamItem(id: "t\($0)", stem: "COPYRIGHTED STEM \($0)", format: .openEnded, options: [], key: nil, annotations: ["modelAnswer": "answer \($0)"])
        }
        let load = DatasetLoad(dataset: ExamDataset(name: "txit", format: "test", sources: [], items: items, redactText: true), problems: [])
        let rubric = try Rubric.resolve("case-answer", promptsRoot: URL(fileURLWithPath: "\(ExamFixtures.repository)/Prompts"))
        let withheld = try CaseAnswerRatings.export(load: load, limit: 2, sources: [CaseAnswerRatings.shippedSource], rubric: rubric, seed: 1, includeText: false)
        XCTAssertTrue(withheld.textWithheld)
        XCTAssertFalse(withheld.export.sheet.contains("COPYRIGHTED"), withheld.export.sheet)
        XCTAssertTrue(withheld.export.sheet.contains("answer 2"))
        XCTAssertEqual(withheld.export.key.caseIDs, ["t1", "t2"])
        let shown = try CaseAnswerRatings.export(load: load, limit: nil, sources: [CaseAnswerRatings.shippedSource], rubric: rubric, seed: 1, includeText: true)
        XCTAssertTrue(shown.export.sheet.contains("COPYRIGHTED STEM 3"))
        XCTAssertThrowsError(try CaseAnswerRatings.export(load: load, limit: nil, sources: ["gpt-x"], rubric: rubric, seed: 1, includeText: true)) {
            XCTAssertEqual("\($0)".contains("source \"gpt-x\" is not available for txit; available: shipped answer"), true, "\($0)")
        }
    }
}
