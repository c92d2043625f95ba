import FlowRunner
import Foundation
import Oncology
import Provenance
import Providers
import Support
import TestSupport
@testable import TumorBoard
import XCTest

/// Two sampled runs of SmolLM2 135M on one case: each run asks with its own seed and the ensemble
/// temperature (recorded in the call), both answers are verified, and the ensemble keeps exactly the
/// options both runs proposed.
final class EnsembleModelTests: XCTestCase {
    func testTwoSampledRunsOfOneModel() async throws {
        let provider = try LocalProvider(path: try TestModels.path(TestModels.smollm2), threads: 2)
        let store = try ProvenanceStore(path: try temporaryDirectory(self).appendingPathComponent("ensemble.sqlite").path)
        let kb = try KnowledgeBaseFiles(paths: [TestFiles.fixtureKB])
        let recommender = try TumorBoardRecommender(resources: TestFiles.resources, knowledgeBase: kb, references: .empty,
                                                    runner: FlowRunner(store: store, models: ModelRegistry(default: provider)))
        let patient = try PatientCaseJSON.readCase(try JSONValue(parsing: TestFiles.lungCase))
        let normalizer = try TestFiles.resources.normalizer()
        let ensemble = try await TumorBoardEnsemble.run(cases: [patient], models: [.init(label: "smollm2", recommender: recommender)], runs: 2,
                                                        temperature: 0.7, seed: 5, minimumAgreement: 2, normalizer: normalizer)
        XCTAssertEqual(ensemble.members.map(\.label), ["smollm2 seed 5", "smollm2 seed 6"])
        for (member, seed) in zip(ensemble.members, [5.0, 6.0]) {
            let run = try XCTUnwrap(member.recommendations.first)
            XCTAssertNotNil(run.answer.verified, "\(member.label): \(run.answer)")
            let sampling = try XCTUnwrap(try store.calls(run: run.runID).first).request.sampling
            XCTAssertEqual(sampling["seed"]?.numberValue, seed)
            XCTAssertEqual(sampling["temperature"]?.numberValue, 0.7)
        }
        let scorer = OptionScorer(normalizer: normalizer)
        let sets = ensemble.members.map { Set($0.optionRows().map { scorer.key($0, .normalized) }) }
        XCTAssertEqual(Set(ensemble.rows.map { scorer.key($0, .normalized) }), sets[0].intersection(sets[1]))
        let union = sets[0].union(sets[1])
        XCTAssertEqual(ensemble.agreement.meanJaccard ?? -1, union.isEmpty ? 1 : Double(sets[0].intersection(sets[1]).count) / Double(union.count), accuracy: 1e-12)
    }
}
