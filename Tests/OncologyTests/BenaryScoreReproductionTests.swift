@testable import Oncology
import Scoring
import XCTest

/// The paper's own result tables, recomputed from its own option rows with our scorer at the exact
/// level: the TP/FP/FN of every source in tables/panel_g_combined_all.csv (pooled) and
/// tables/panel_g.csv (per patient) come out equal. Expected numbers are read from the committed
/// tables, not typed in.
final class BenaryScoreReproductionTests: XCTestCase {
    struct Published { let tp: Int; let fp: Int; let fn: Int; let f1: Double? }

    var rows: [TherapyOptionRow] = []
    let scorer = OptionScorer(normalizer: DrugNormalizer(vocabulary: .empty, aliases: .empty))

    override func setUpWithError() throws {
        rows = try BenaryRecommendations.read(path: RepositoryFiles.benary("RecommendationsClean.csv"))
    }

    var reference: [TherapyOptionRow] { rows.filter { $0.source == BenaryRecommendations.expertSource } }

    /// The paper's sources and the two pooled rules, as option rows.
    func predictions(_ name: String) -> [TherapyOptionRow] {
        switch name {
        case "combined": return BenaryRecommendations.combinedByRows(rows)
        case "clinical": return BenaryRecommendations.clinical(rows)
        default: return rows.filter { $0.source == name }
        }
    }

    func published(_ file: String, key: [String]) throws -> [[String]: Published] {
        let table = try CSVTable(path: RepositoryFiles.benary(file))
        let c = try table.columns(key + ["TP", "FP", "FN", "classification", "value"])
        var out: [[String]: Published] = [:]
        for r in table.records where r[c[key.count + 3]] == "f1" {
            guard let tp = Int(r[c[key.count]]), let fp = Int(r[c[key.count + 1]]), let fn = Int(r[c[key.count + 2]]) else {
                XCTFail("unreadable counts in \(r)"); continue
            }
            out[key.indices.map { r[c[$0]] }] = Published(tp: tp, fp: fp, fn: fn, f1: Double(r[c[key.count + 4]]))
        }
        return out
    }

    func testPooledCountsOfEverySourceEqualThePublishedTable() throws {
        let table = try published("panel_g_combined_all.csv", key: ["name"])
        XCTAssertEqual(Set(table.keys.map { $0[0] }),
                       ["BioMed LM", "ChatGPT", "ChatGPT 4", "CiVIC", "Galactica", "OncoKB", "Perplexity.ai", "clinical", "combined"])
        XCTAssertEqual(Set(reference.map { scorer.key($0, .exact) }).count, 41, "the paper's 41 distinct expert pairs")
        for (key, expected) in table {
            let counts = scorer.pooled(predicted: predictions(key[0]), reference: reference, level: .exact).counts
            XCTAssertEqual([counts.truePositives, counts.falsePositives, counts.falseNegatives], [expected.tp, expected.fp, expected.fn], key[0])
            XCTAssertEqual(counts.f1, try XCTUnwrap(expected.f1), accuracy: 1e-12, key[0])
        }
        // The headline numbers of the abstract, to two decimals.
        let f1 = { (name: String) in self.scorer.pooled(predicted: self.predictions(name), reference: self.reference, level: .exact).counts.f1 }
        XCTAssertEqual((f1("ChatGPT 4") * 100).rounded() / 100, 0.26)
        XCTAssertEqual((f1("OncoKB") * 100).rounded() / 100, 0.32)
        XCTAssertEqual((f1("combined") * 100).rounded() / 100, 0.29)
        XCTAssertEqual((f1("BioMed LM") * 100).rounded() / 100, 0.04)
    }

    func testPerPatientCountsEqualThePublishedTable() throws {
        let table = try published("panel_g.csv", key: ["patient", "name"])
        XCTAssertGreaterThan(table.count, 60)
        for (key, expected) in table {
            let caseID = BenaryCaseImport.idPrefix + key[0]
            let comparison = scorer.pooled(predicted: predictions(key[1]).filter { $0.caseID == caseID },
                                           reference: reference.filter { $0.caseID == caseID }, level: .exact)
            let counts = comparison.counts
            XCTAssertEqual([counts.truePositives, counts.falsePositives, counts.falseNegatives], [expected.tp, expected.fp, expected.fn],
                           "patient \(key[0]), \(key[1])")
        }
    }

    /// The paper's text says "proposed by at least two LLMs"; its code counts rows, so a model's two
    /// prompt variants count twice. Counting distinct models changes one pair.
    func testCombinedRuleCountsRowsNotModels() {
        let byRows = scorer.pooled(predicted: BenaryRecommendations.combinedByRows(rows), reference: reference, level: .exact).counts
        let byModels = scorer.pooled(predicted: Ensemble.atLeast(2, of: rows.filter { BenaryRecommendations.pooledLLMs.contains($0.source) }),
                                     reference: reference, level: .exact).counts
        XCTAssertEqual([byRows.truePositives, byRows.falsePositives, byRows.falseNegatives], [12, 30, 29])
        XCTAssertEqual([byModels.truePositives, byModels.falsePositives, byModels.falseNegatives], [12, 29, 29])
    }
}
