import FlowRunner
import Foundation
import Oncology
import Provenance
import Scoring
import Support
@testable import TumorBoard
import XCTest

/// The ensemble rule and its agreement on hand-written answers, values worked out by hand below;
/// and the Benary bench with the paper's four 2023 LLMs as members, whose ensemble reproduces the
/// paper's combined rule counted by distinct models.
final class EnsembleTests: XCTestCase {
    static let melanoma = """
        {"id": "tb-2", "tumor": {"text": "Cutaneous Melanoma"}, "stage": "IV", "alterations": [
          {"type": "variant", "gene": "BRAF", "protein": "p.V600E", "label": "BRAF p.V600E"}]}
        """

    func member(_ label: String, _ answers: [(String, [(String, [String])])], kb: KnowledgeBaseFiles) throws -> TumorBoardEnsemble.Member {
        let verifier = OptionVerifier(normalizer: try TestFiles.resources.normalizer())
        let patients = [try PatientCaseJSON.readCase(try JSONValue(parsing: TestFiles.lungCase)), try PatientCaseJSON.readCase(try JSONValue(parsing: Self.melanoma))]
        let recommendations = try answers.map { caseID, options -> CaseRecommendation in
            let patient = try XCTUnwrap(patients.first { $0.id == caseID })
            let matches = kb.knowledgeBase.retrieve(patient)
            let answer = TreatmentOptions(caseID: caseID, options: options.map { TreatmentOption(alteration: $0.0, drugs: $0.1, tier: .approvedHere) },
                                          noActionableOption: options.isEmpty)
            return CaseRecommendation(patient: patient, runID: RunID("\(label)-\(caseID)"), model: label, matches: matches, shown: CasePrompt.shown(matches),
                                      answer: .verified(verifier.verify(answer, for: patient, matches: matches, references: .empty)), statistics: RunStatistics())
        }
        return TumorBoardEnsemble.Member(label: label, recommendations: recommendations)
    }

    func testKeepsOptionsOfTwoMembersAndMeasuresAgreement() throws {
        let kb = try KnowledgeBaseFiles(paths: [TestFiles.fixtureKB])
        let kras = "KRAS p.G12C", braf = "BRAF p.V600E"
        let members = [
            try member("m1", [("tb-1", [(kras, ["sotorasib"]), (kras, ["adagrasib"])]), ("tb-2", [(braf, ["dabrafenib", "trametinib"])])], kb: kb),
            try member("m2", [("tb-1", [(kras, ["Sotorasib"]), (kras, ["olaparib"])]), ("tb-2", [(braf, ["Trametinib", "dabrafenib"])])], kb: kb),
            try member("m3", [("tb-1", [(kras, ["AMG 510"])]), ("tb-2", [])], kb: kb),
        ]
        let ensemble = try TumorBoardEnsemble(members: members, caseIDs: ["tb-1", "tb-2"], minimumAgreement: 2,
                                              normalizer: try TestFiles.resources.normalizer())
        // Sotorasib by all three (m3 by its code name AMG 510); dabrafenib + trametinib by m1 and m2 in
        // either order; adagrasib and olaparib by one member each.
        XCTAssertEqual(ensemble.rows.map { "\($0.caseID) \($0.option)" }, ["tb-1 sotorasib", "tb-2 dabrafenib and trametinib"])
        XCTAssertEqual(ensemble.name, "ensemble (>=2 of 3)")
        // tb-1: m1 {S, A}, m2 {S, O}, m3 {S}: Jaccard 1/3, 1/2, 1/2; tb-2: m1 = m2 = {DT}, m3 {}: 1, 0, 0.
        let a = ensemble.agreement
        XCTAssertEqual(a.jaccardByCase["tb-1"] ?? 0, (1.0 / 3 + 0.5 + 0.5) / 3, accuracy: 1e-12)
        XCTAssertEqual(a.jaccardByCase["tb-2"] ?? 0, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(a.meanJaccard ?? 0, ((4.0 / 9) + 1.0 / 3) / 2, accuracy: 1e-12)
        // Fleiss over 4 items (S: TTT, A: TFF, O: FTF, DT: TTF): P = 1, 1/3, 1/3, 1/3 (mean 1/2);
        // 7 of 12 ratings "proposed": Pe = (49 + 25) / 144; kappa = (1/2 - 74/144) / (1 - 74/144) = -2/70.
        XCTAssertEqual(a.items, 4)
        XCTAssertEqual(a.fleissKappa ?? 0, -2.0 / 70, accuracy: 1e-12)
        XCTAssertNil(a.cohenKappa, "Cohen's kappa is for two members")
        XCTAssertTrue(ensemble.markdown.contains("mean pairwise Jaccard 0.389 over 2 cases; Fleiss' kappa -0.029 on the 4 options"), ensemble.markdown)

        XCTAssertThrowsError(try TumorBoardEnsemble(members: Array(members.prefix(1)), caseIDs: ["tb-1"], minimumAgreement: 1,
                                                    normalizer: try TestFiles.resources.normalizer())) { error in
            XCTAssertEqual("\(error)", "ensemble: an ensemble needs at least 2 members (models x runs), found 1")
        }
    }

    func testBenchScoresEveryMemberAndTheEnsembleAsRows() throws {
        // The paper's four 2023 LLMs as members, their options taken from the shipped rows as answers.
        let shipped = try BenaryRecommendations.read(path: TestFiles.resources.benaryRecommendations.path)
        let patients = try PatientCaseJSON.read(path: TestFiles.resources.benaryCases.path)
        let verifier = OptionVerifier(normalizer: try TestFiles.resources.normalizer())
        let members = BenaryRecommendations.pooledLLMs.sorted().map { source -> TumorBoardEnsemble.Member in
            TumorBoardEnsemble.Member(label: source, recommendations: patients.map { patient in
                // Distinct (alteration, option) pairs: two prompt variants of one model are one member here.
                let pairs = Set(shipped.filter { $0.source == source && $0.caseID == patient.id }.map { [$0.alteration, $0.option] }).sorted { $0.lexicographicallyPrecedes($1) }
                let answer = TreatmentOptions(caseID: patient.id, options: pairs.map { TreatmentOption(alteration: $0[0], drugs: [$0[1]], tier: .trial) },
                                              noActionableOption: pairs.isEmpty)
                return CaseRecommendation(patient: patient, runID: RunID("\(source)-\(patient.id)"), model: source, matches: [], shown: [],
                                          answer: .verified(verifier.verify(answer, for: patient, matches: [], references: .empty)), statistics: RunStatistics())
            })
        }
        let ensemble = try TumorBoardEnsemble(members: members, caseIDs: patients.map(\.id), minimumAgreement: 2,
                                              normalizer: try TestFiles.resources.normalizer())
        let bench = try BenaryBench.score(ensemble, resources: TestFiles.resources, knowledgeBase: [])
        XCTAssertEqual(bench.ours.map(\.source), members.map(\.label) + ["ensemble (>=2 of 4)"])
        func exact(_ row: BenaryBench.Row) throws -> MatchCounts { try XCTUnwrap(row.reports.first { $0.0 == .exact }).1.pooled.counts }
        // Each member's row equals the paper's row for that model (same rows, same scorer).
        for row in bench.ours.dropLast() {
            let published = try XCTUnwrap(bench.published.first { $0.source == row.source })
            XCTAssertEqual(try exact(row), try exact(published), row.source)
        }
        // Counted by distinct models, the paper's rule gives TP 12, FP 29, FN 29 (Benchmarks/tumorboard/README.md);
        // merging after normalization can only join options, never lose an exact match.
        let ours = try exact(try XCTUnwrap(bench.ours.last))
        XCTAssertGreaterThanOrEqual(ours.truePositives, 12)
        XCTAssertEqual(ours.falseNegatives, 41 - ours.truePositives)
        XCTAssertTrue(bench.markdown.contains("| **ensemble (>=2 of 4)** (this run) |"), bench.markdown)
        XCTAssertTrue(bench.runSummary.contains("Run-to-run agreement"), bench.runSummary)
    }
}
