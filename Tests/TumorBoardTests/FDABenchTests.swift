import ConsiliumCLI
import FlowRunner
import Foundation
import Oncology
import Provenance
import Providers
import Support
import TestSupport
@testable import TumorBoard
import Workflow
import XCTest

/// The moalmanac-fda bench on the fixture knowledge base (Tests/OncologyTests/Fixtures, written from
/// FDA label facts): the questions it yields, the scorer against hand-counted answers, the evidence
/// the retrieval arm shows, a clean skip without the shared copy, and one small run on SmolLM2.
final class FDABenchTests: XCTestCase {
    func rows() throws -> [KBRow] { try KnowledgeBaseFiles(paths: [TestFiles.fixtureKB]).knowledgeBase.rows }

    func testQuestionsComeFromTheApprovedSensitivityRows() throws {
        let questions = FDAQuestion.make(from: try rows())
        // 18 approved sensitivity rows (1-15, 17-19) in 15 (disease, biomarker) pairs; the clinical-evidence,
        // trial, resistance, deprecated and therapy-less rows give none.
        XCTAssertEqual(questions.count, 15)
        XCTAssertEqual(questions.map { "\($0.disease); \($0.biomarker)" }.prefix(5),
                       ["Any solid tumor; MSI-high", "Any solid tumor; NTRK1 fusion", "Any solid tumor; NTRK2 fusion",
                        "Any solid tumor; NTRK3 fusion", "Any solid tumor; TMB-high"])
        let melanoma = try XCTUnwrap(questions.first { $0.disease == "Melanoma" })
        XCTAssertEqual(melanoma.biomarker, "BRAF p.V600E")
        XCTAssertEqual(melanoma.therapies, [["Vemurafenib"], ["Dabrafenib", "Trametinib"]])
        XCTAssertEqual(questions.first { $0.disease == "Ovarian Cancer" }?.biomarker, "BRCA2 mutation (germline)")
        XCTAssertEqual(questions.first { $0.disease == "Non-Small Cell Lung Cancer" }?.biomarker, "BRAF p.V600E")
        XCTAssertFalse(questions.contains { $0.biomarker.contains("MET") || $0.biomarker.contains("HRAS") })

        // A limit draws that many questions with the seed, the same ones every time.
        let (all, drawn) = FDABench.questions(rows: try rows(), limit: 4, seed: 7)
        XCTAssertEqual(all, 15)
        XCTAssertEqual(drawn.count, 4)
        XCTAssertEqual(drawn.map(\.id), FDABench.questions(rows: try rows(), limit: 4, seed: 7).asked.map(\.id))
    }

    func testScoresHandCountedAnswers() throws {
        let questions = FDAQuestion.make(from: try rows())
        func id(_ disease: String, _ biomarker: String) throws -> String {
            try XCTUnwrap(questions.first { $0.disease == disease && $0.biomarker == biomarker }?.id, "\(disease); \(biomarker)")
        }
        let melanoma = try id("Melanoma", "BRAF p.V600E"), lung = try id("Non-Small Cell Lung Cancer", "KRAS p.G12C")
        let colorectal = try id("Colorectal Cancer", "KRAS p.G12C"), cholangio = try id("Cholangiocarcinoma", "FGFR2 fusion")
        let msi = try id("Any solid tumor", "MSI-high")
        let asked = questions.filter { [melanoma, lung, colorectal, cholangio, msi].contains($0.id) }
        let answers: [String: [[String]]?] = [
            melanoma: [["Trametinib", "Dabrafenib"], ["encorafenib"]],  // exact (order free); 1 TP, 1 FP, 1 FN (vemurafenib)
            lung: [["AMG 510"]],                                        // sotorasib by its code name: exact; 1 TP, 1 FN (adagrasib)
            colorectal: [["adagrasib"]],                                // half the combination: partial only; 1 FP, 1 FN
            cholangio: nil,                                             // unusable: 2 FN
            msi: [],                                                    // nothing named: 1 FN
        ]
        let score = try FDAAnswerScore(questions: asked, answers: answers, normalizer: try TestFiles.resources.normalizer())
        XCTAssertEqual(score.questions, 5)
        XCTAssertEqual(score.unusable, 1)
        XCTAssertEqual(score.exactAccuracy, 2.0 / 5)
        XCTAssertEqual(score.partialAccuracy, 3.0 / 5)
        XCTAssertEqual(score.pooled.truePositives, 2)
        XCTAssertEqual(score.pooled.falsePositives, 2)
        XCTAssertEqual(score.pooled.falseNegatives, 6)
        XCTAssertEqual(score.pooled.precision, 0.5)
        XCTAssertEqual(score.pooled.recall, 0.25)
        XCTAssertEqual(score.pooled.f1, 1.0 / 3, accuracy: 1e-12)
    }

    func testRetrievalShowsThisCancerTypeFirst() throws {
        let rows = try rows()
        let questions = FDAQuestion.make(from: rows)
        let lung = try XCTUnwrap(questions.first { $0.disease == "Non-Small Cell Lung Cancer" && $0.biomarker == "KRAS p.G12C" })
        XCTAssertEqual(lung.evidence(from: rows), [
            "moalmanac:6 | KRAS p.G12C | Sotorasib | approved | Non-Small Cell Lung Cancer",
            "moalmanac:7 | KRAS p.G12C | Adagrasib | approved | Non-Small Cell Lung Cancer",
            "moalmanac:8 | KRAS p.G12C | Adagrasib + Cetuximab | approved | Colorectal Cancer",
        ])
        let tmb = try XCTUnwrap(questions.first { $0.biomarker == "TMB-high" })
        XCTAssertEqual(tmb.evidence(from: rows), ["moalmanac:18 | TMB-high | Pembrolizumab | approved | Any solid tumor"])
    }

    func testFlowPassesTheCheck() throws {
        let flow = try CheckedFlow.load(file: TestFiles.resources.fdaFlowFile, promptsRoot: TestFiles.resources.promptsRoot,
                                        metrics: MetricRegistry.standard.catalog)
        XCTAssertEqual(flow.plan.steps.map(\.name), ["therapies"])
    }

    func testSkipsCleanlyWithoutTheSharedCopy() async throws {
        let stdout = StringWriter(), stderr = StringWriter()
        var environment = ProcessInfo.processInfo.environment
        environment["CONSILIUM_SHARED_KB"] = try temporaryDirectory(self).path
        let status = await Consilium.main(["consilium", "tumorboard", "bench", "moalmanac-fda", "--model", "no-such-model",
                                           "--data", TestFiles.resources.dataDirectory.path, "--prompts", TestFiles.resources.promptsRoot.path],
                                          context: CommandContext(stdout: stdout, stderr: stderr, environment: environment))
        XCTAssertEqual(status, 0, stderr.text)
        XCTAssertTrue(stdout.text.hasPrefix("skipped: no knowledge base"), stdout.text)
    }

    /// Three questions, both arms, on SmolLM2 135M: every answer is stored as a run, the retrieval arm's
    /// prompt holds the rows, and a rerun is served from the cache.
    func testSmallRunOnSmolLM2() async throws {
        let provider = try LocalProvider(path: try TestModels.path(TestModels.smollm2), threads: 2)
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("fda.sqlite").path)
        let runner = FlowRunner(store: store, models: ModelRegistry(default: provider))
        let bench = try await FDABench.run(rows: try rows(), limit: 3, seed: 1, arms: FDABench.Arm.allCases, runner: runner, resources: TestFiles.resources)
        XCTAssertEqual(bench.arms.map(\.score.questions), [3, 3])
        XCTAssertEqual(bench.arms.map(\.calls), [3, 3])
        XCTAssertEqual(bench.arms.map(\.score.unusable), [0, 0], "schema-constrained decoding: every answer parses")
        let runs = try store.runs()
        XCTAssertEqual(runs.count, 6)
        XCTAssertTrue(runs.allSatisfy { $0.flowID == "tumorboard.moalmanac-fda" && $0.status == .succeeded })
        let withRows = try runs.filter { run in try store.calls(run: run.id).contains { $0.request.messages.canonicalText.contains("Knowledge-base rows retrieved") } }
        XCTAssertEqual(withRows.count, 3)
        let again = try await FDABench.run(rows: try rows(), limit: 3, seed: 1, arms: FDABench.Arm.allCases, runner: runner, resources: TestFiles.resources)
        XCTAssertEqual(again.arms.map(\.cacheHits), [3, 3])
        XCTAssertEqual(again.markdown, bench.markdown.replacingOccurrences(of: "| 3 (0) |", with: "| 3 (3) |"))
    }
}
