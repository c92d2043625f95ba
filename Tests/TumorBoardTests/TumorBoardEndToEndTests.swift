import FlowRunner
import Foundation
import Oncology
import Provenance
import Providers
import Support
import TestSupport
@testable import TumorBoard
import XCTest

/// One case through the whole flow on the real SmolLM2 135M, a real SQLite store and the fixture
/// knowledge base: the answer parses (schema-constrained local decoding), every step and the
/// report are in the record, the report's marks agree with the knowledge base, and a second run
/// is served from the cache.
final class TumorBoardEndToEndTests: XCTestCase {
    func testOneCaseEndToEndThenAllCacheHits() async throws {
        let provider = try LocalProvider(path: try TestModels.path(TestModels.smollm2), threads: 2)
        let dbPath = try temporaryDirectory(self).appendingPathComponent("tumorboard.sqlite").path
        let store = try ProvenanceStore(path: dbPath)
        let kb = try KnowledgeBaseFiles(paths: [TestFiles.fixtureKB])
        let recommender = try TumorBoardRecommender(resources: TestFiles.resources, knowledgeBase: kb, references: .empty,
                                                    runner: FlowRunner(store: store, models: ModelRegistry(default: provider)))
        let patient = try PatientCaseJSON.readCase(try JSONValue(parsing: TestFiles.lungCase))

        let (first, report) = try await recommender.recommend(patient)
        let verified = try XCTUnwrap(first.answer.verified, "the answer parses and is verified: \(first.answer)")
        XCTAssertEqual(first.statistics.providerCalls, 1)
        XCTAssertEqual(first.matches.map(\.row.rowID), ["moalmanac:6", "moalmanac:7", "moalmanac:8"])

        // Every step is recorded: the flow's model step and call, the retrieval, the report.
        let steps = try store.steps(run: first.runID)
        XCTAssertEqual(steps.map(\.name), ["options"])
        XCTAssertEqual(steps.map(\.status), [.succeeded])
        XCTAssertEqual(try store.calls(run: first.runID).count, 1)
        let artifacts = Set(try store.artifacts(run: first.runID).map(\.name))
        XCTAssertTrue(artifacts.isSuperset(of: ["retrieval", "tumorboard-report", "tumorboard-report.md", "outputs"]), "\(artifacts)")
        let stored = try XCTUnwrap(try store.artifacts(run: first.runID).first { $0.name == "tumorboard-report" })
        XCTAssertEqual(try store.artifact(stored.hash)?.bytes, report.json.canonicalData)

        // The marks agree with the knowledge base, recomputed here from the retrieved rows.
        let cited = Set(first.matches.flatMap { ($0.row.pmids + $0.row.ncts).map(Citation.init(parsing:)) })
        for option in verified.options {
            for check in option.citations {
                XCTAssertEqual(check.isVerified, cited.contains(check.citation), "\(check.text)")
                let mark = !check.isVerified ? "\(check.text) [UNVERIFIED"
                    : check.supportsThisOption ? "\(check.citation) [verified" : "\(check.citation) [exists in"
                XCTAssertTrue(report.markdown.contains(mark), "\(mark) in\n\(report.markdown)")
            }
            if case .backed(let rows) = option.backing {
                XCTAssertTrue(rows.allSatisfy { m in first.matches.contains { $0.row.rowID == m.row.rowID } })
            } else {
                XCTAssertTrue(report.markdown.contains("- **\(option.option.drugs.joined(separator: " + "))**: NOT backed")
                              || report.markdown.contains("- **\(option.option.drugs.joined(separator: " + "))**: PARTLY backed"))
            }
        }
        XCTAssertTrue(report.markdown.contains(TumorBoardReport.notice))

        // Second run: the same call, answered from the store.
        let (second, secondReport) = try await recommender.recommend(patient)
        XCTAssertEqual(second.statistics.providerCalls, 0)
        XCTAssertEqual(second.statistics.cacheHits, 1)
        XCTAssertTrue(try store.calls(run: second.runID).allSatisfy(\.cacheHit))
        XCTAssertEqual(secondReport.json["answer"], report.json["answer"])
    }
}
