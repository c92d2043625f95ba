@testable import Oncology
import Scoring
import XCTest

final class NormalizedScoringTests: XCTestCase {
    func scorer() throws -> OptionScorer {
        OptionScorer(normalizer: DrugNormalizer(
            vocabulary: try DrugVocabulary(drugBankCSV: RepositoryFiles.tumorboard.appendingPathComponent("drugbank-subset.csv").path),
            aliases: try DrugAliasTable(path: RepositoryFiles.tumorboard.appendingPathComponent("drug-aliases.tsv").path)))
    }

    /// Hand-computed: expert {KRAS G12C: sotorasib; KRAS G12C: adagrasib; MET amp: osimertinib + savolitinib};
    /// model {KRAS p.G12C: AMG 510; KRAS G12C: MRTX849 and cetuximab; MET Amplification FISH positive:
    /// savoltinib and osimertinib; STK11: sotorasib}.
    /// exact: TP 0, FP 4, FN 3. normalized: TP 2 (sotorasib, the MET pair), FP 2, FN 1 -> P 0.5, R 2/3, F1 4/7.
    /// drugs only (same case): TP 2, FP 1 (the STK11 sotorasib equals the KRAS one), FN 1.
    func testThreeLevelsByHand() throws {
        let s = try scorer()
        let row = { (alteration: String, option: String) in TherapyOptionRow(caseID: "c", alteration: alteration, source: "m", option: option) }
        let reference = [row("KRAS G12C", "sotorasib"), row("KRAS G12C", "adagrasib"), row("MET amplification", "osimertinib and savolitinib")]
        let predicted = [row("KRAS p.G12C", "AMG 510"), row("KRAS G12C", "MRTX849 and cetuximab"),
                         row("MET Amplification FISH positive", "savoltinib and osimertinib"), row("STK11 p.K83Tfs*13", "sotorasib")]
        let exact = s.pooled(predicted: predicted, reference: reference, level: .exact).counts
        XCTAssertEqual([exact.truePositives, exact.falsePositives, exact.falseNegatives], [0, 4, 3])
        let normalized = s.pooled(predicted: predicted, reference: reference, level: .normalized).counts
        XCTAssertEqual([normalized.truePositives, normalized.falsePositives, normalized.falseNegatives], [2, 2, 1])
        XCTAssertEqual(normalized.f1, 4.0 / 7, accuracy: 1e-15)
        let drugs = s.pooled(predicted: predicted, reference: reference, level: .drugsOnly).counts
        XCTAssertEqual([drugs.truePositives, drugs.falsePositives, drugs.falseNegatives], [2, 1, 1])
    }

    /// Benary's rows at the three levels. Normalization can only merge keys, so for every source
    /// the normalized level finds at least the exact level's true positives; the expert's 41 exact
    /// pairs become fewer distinct normalized pairs where their own spellings differ
    /// ("STK11 p.K83Tfs*13" and "*14" are one variant).
    func testBenarySourcesAtEveryLevel() throws {
        let s = try scorer()
        let rows = try BenaryRecommendations.read(path: RepositoryFiles.benary("RecommendationsClean.csv"))
        let reference = rows.filter { $0.source == BenaryRecommendations.expertSource }
        XCTAssertEqual(Set(reference.map { s.key($0, .normalized) }).count, 40)
        let sources = ["BioMed LM", "ChatGPT", "Perplexity.ai", "Galactica", "ChatGPT 4", "CiVIC", "OncoKB"]
        let predictions = sources.map { name in (name, rows.filter { $0.source == name }) }
            + [("combined", BenaryRecommendations.combinedByRows(rows)), ("clinical", BenaryRecommendations.clinical(rows))]
        for (name, predicted) in predictions {
            var line = name.padding(toLength: 14, withPad: " ", startingAt: 0)
            var f1s: [Double] = []
            for level in OptionMatchLevel.allCases {
                let report = try s.report(predicted: predicted, reference: reference, level: level)
                let c = report.pooled.counts
                f1s.append(c.f1)
                line += String(format: " %@ TP %3d FP %3d FN %3d P %.3f R %.3f F1 %.3f (macro F1 %.3f) |", level.rawValue, c.truePositives,
                               c.falsePositives, c.falseNegatives, c.precision ?? .nan, c.recall ?? .nan, c.f1, report.summary.macroFScore)
            }
            print(line)
            let exact = s.pooled(predicted: predicted, reference: reference, level: .exact).counts
            let normalized = s.pooled(predicted: predicted, reference: reference, level: .normalized).counts
            XCTAssertGreaterThanOrEqual(normalized.truePositives, exact.truePositives, name)
            XCTAssertGreaterThanOrEqual(f1s[1], f1s[0] - 1e-12, name)
        }
    }
}
