import FlowRunner
import Foundation
import Oncology
import Provenance
import Support
@testable import TumorBoard
import XCTest

/// The report's marks for a hand-written answer against the fixture knowledge base: backed and
/// verified only where a retrieved row holds the drug set or the id, everything else marked.
final class TumorBoardReportTests: XCTestCase {
    func testMarksFollowTheKnowledgeBase() throws {
        let kb = try KnowledgeBaseFiles(paths: [TestFiles.fixtureKB])
        let patient = try PatientCaseJSON.readCase(try JSONValue(parsing: TestFiles.lungCase))
        let matches = kb.knowledgeBase.retrieve(patient)
        let answer = try TreatmentOptions.read(try JSONValue(parsing: """
            {"case_id": "tb-1", "no_actionable_option": false, "options": [
              {"alteration": "KRAS p.G12C", "drugs": ["sotorasib"], "evidence_tier": "approved_in_tumor_type",
               "citations": ["PMID:34096690", "NCT99999999", "NCT03785249"], "kb_rows": ["moalmanac:6"]},
              {"alteration": "ZFHX3 p.F2994L", "drugs": ["olaparib"], "evidence_tier": "trial", "citations": []}
            ]}
            """))
        let verifier = OptionVerifier(normalizer: try TestFiles.resources.normalizer())
        let verified = verifier.verify(answer, for: patient, matches: matches, references: .empty)
        let recommendation = CaseRecommendation(patient: patient, runID: RunID("test-run"), model: "hand-written", matches: matches,
                                                shown: CasePrompt.shown(matches), answer: .verified(verified), statistics: RunStatistics())
        let report = TumorBoardReport(recommendation, knowledgeBase: kb.files)

        XCTAssertTrue(report.markdown.contains(TumorBoardReport.notice))
        XCTAssertTrue(report.markdown.contains("- **sotorasib**: BACKED by the knowledge base"), report.markdown)
        XCTAssertTrue(report.markdown.contains("PMID:34096690 [verified: moalmanac:6]"), report.markdown)
        XCTAssertTrue(report.markdown.contains("NCT99999999 [UNVERIFIED: in no retrieved row or reference]"), report.markdown)
        XCTAssertTrue(report.markdown.contains("- **olaparib**: NOT backed by the knowledge base"), report.markdown)
        XCTAssertTrue(report.markdown.contains("variant of unknown significance, without evidence"), report.markdown)
        XCTAssertFalse(report.markdown.contains("NCT99999999 [verified"))
        // Adagrasib's trial id exists in moalmanac:7, which does not back sotorasib: not shown as support.
        XCTAssertTrue(report.markdown.contains("NCT03785249 [exists in moalmanac:7, which does NOT back this option]"), report.markdown)

        let options = try XCTUnwrap(report.json["answer"]?["options"]?.arrayValue)
        XCTAssertEqual(options.map { $0["backing"]?.stringValue }, ["backed", "not_backed"])
        XCTAssertEqual(options[0]["backing_rows"], ["moalmanac:6"])
        XCTAssertEqual(options[0]["citations"]?.arrayValue?.map { $0["status"]?.stringValue }, ["verified", "unverified", "verified"])
        XCTAssertEqual(options[0]["citations"]?.arrayValue?.map { $0["supports_this_option"]?.boolValue }, [true, false, false])
        // Rows no option used are still shown, so the board sees what the model left out.
        XCTAssertTrue(report.markdown.contains("moalmanac:7 | KRAS p.G12C | exact | Adagrasib"), report.markdown)
    }

    func testRetrievedRowsInThePromptCarryTheirIdsAndCitations() throws {
        let kb = try KnowledgeBaseFiles(paths: [TestFiles.fixtureKB])
        let patient = try PatientCaseJSON.readCase(try JSONValue(parsing: TestFiles.lungCase))
        let lines = CasePrompt.evidenceInput(CasePrompt.shown(kb.knowledgeBase.retrieve(patient))).arrayValue?.compactMap(\.stringValue)
        XCTAssertEqual(lines?.first, "moalmanac:6 | KRAS p.G12C | exact | Sotorasib | approved_in_tumor_type | Non-Small Cell Lung Cancer | sensitive | PMID:34096690, NCT03600883")
        XCTAssertEqual(CasePrompt.caseInput(patient)["alterations"], ["KRAS p.G12C", "ZFHX3 p.F2994L [variant of unknown significance]"])
    }

    func testUnknownKnowledgeBaseFormatIsNamed() {
        XCTAssertThrowsError(try KnowledgeBaseFiles(paths: [TestFiles.resources.benaryRecommendations.path])) { error in
            XCTAssertEqual("\(error)", "\(TestFiles.resources.benaryRecommendations.path): knowledge base: unknown format: expected MOAlmanac JSON (.json) or CIViC TSV (.tsv)")
        }
    }
}
