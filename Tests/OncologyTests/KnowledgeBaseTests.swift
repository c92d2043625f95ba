import Foundation
@testable import Oncology
import XCTest

/// Retrieval over the hand-written MOAlmanac-schema and CIViC-format fixtures (Fixtures/README.md).
final class KnowledgeBaseTests: XCTestCase {
    func fixtureKB() throws -> KnowledgeBase {
        KnowledgeBase(rows: try MOAlmanacLoader.read(path: RepositoryFiles.fixture("moalmanac-fixture.json")).rows)
    }

    func patient(_ tumor: String, tmb: Double? = nil, msi: MicrosatelliteStatus? = nil, _ texts: String...) throws -> PatientCase {
        let alterations = try texts.flatMap { text -> [Alteration] in
            guard case .parsed(let a) = AlterationTextParser.parse(text) else { throw XCTSkip("fixture text \(text) unreadable") }
            return a
        }
        return PatientCase(id: "t", tumor: try XCTUnwrap(TumorType(mapping: tumor)), tumorMutationalBurden: tmb,
                           microsatelliteStatus: msi, alterations: alterations)
    }

    func testMOAlmanacFixtureLoadsAndCountsWhatItSkips() throws {
        let result = try MOAlmanacLoader.read(path: RepositoryFiles.fixture("moalmanac-fixture.json"))
        XCTAssertEqual(result.rows.count, 21)
        XCTAssertEqual(result.skippedDeprecated, 1)
        XCTAssertEqual(result.skippedWithoutTherapy, 1)
        let sotorasib = try XCTUnwrap(result.rows.first { $0.rowID == "moalmanac:6" })
        XCTAssertEqual(sotorasib.feature, .variant(gene: GeneSymbol("KRAS")!, protein: ProteinChange(parsing: "G12C"), variantClass: "Missense"))
        XCTAssertEqual(sotorasib.pmids, ["34096690"], "a numeric pmid reads as text")
        XCTAssertEqual(sotorasib.ncts, ["NCT03600883"])
        XCTAssertEqual(result.rows.first { $0.rowID == "moalmanac:2" }?.therapy, ["Dabrafenib", "Trametinib"])
        XCTAssertEqual(result.rows.first { $0.rowID == "moalmanac:20" }?.direction, .resistant)
    }

    func testExactBeforeGeneLevelWithOnAndOffLabelContext() throws {
        let kb = try fixtureKB()
        let lung = try patient("Lung Adenocarcinoma", "KRAS p.G12C (AF 18%)", "EGFR p.E746_A750del", "STK11 p.K83Tfs*13")
        let matches = kb.retrieve(lung)
        let kras = matches.filter { $0.alterationIndex == 0 }
        XCTAssertEqual(kras.map(\.row.rowID), ["moalmanac:6", "moalmanac:7", "moalmanac:8"], "approved here first, then elsewhere; ties by row id")
        XCTAssertEqual(kras.map(\.level), [.exact, .exact, .exact])
        XCTAssertEqual(kras[0].tumorContext, .sameType(basis: "OncoTree LUAD within NSCLC"))
        XCTAssertEqual(kras[0].tier, .approvedHere)
        XCTAssertEqual(kras[2].tumorContext, .otherType(basis: "OncoTree COADREAD, case LUAD"))
        XCTAssertEqual(kras[2].tier, .approvedElsewhere)
        let egfr = matches.filter { $0.alterationIndex == 1 }
        XCTAssertEqual(egfr.map(\.row.rowID), ["moalmanac:5"], "the exon 19 deletion row is gene-level (class Deletion); T790M and C797S rows do not apply")
        XCTAssertEqual(egfr.first?.level, .geneLevel)
        XCTAssertTrue(matches.filter { $0.alterationIndex == 2 }.isEmpty, "no STK11 rows")
    }

    func testFusionsCopyNumberTumorAgnosticAndBiomarkers() throws {
        let kb = try fixtureKB()
        let chol = kb.retrieve(try patient("Cholangiocarcinoma", "FGFR2::BICC1 Fusion"))
        XCTAssertEqual(chol.map(\.row.rowID), ["moalmanac:14", "moalmanac:15"])
        XCTAssertEqual(Set(chol.map(\.level)), [.geneLevel], "the rows name FGFR2 with any partner")
        let ntrk = kb.retrieve(try patient("Melanoma", "ETV6::NTRK3 fusion"))
        XCTAssertEqual(ntrk.map(\.row.rowID), ["moalmanac:13"])
        XCTAssertEqual(ntrk.first?.tumorContext, .tumorAgnostic)
        XCTAssertEqual(ntrk.first?.tier, .approvedHere)
        let met = kb.retrieve(try patient("Lung Adenocarcinoma", "MET Amplification FISH positive", "MET deletion"))
        XCTAssertEqual(met.map(\.row.rowID), ["moalmanac:16"])
        XCTAssertEqual(met.first?.alterationIndex, 0, "amplification rows do not match a deletion")
        let tmb = kb.retrieve(try patient("Melanoma", tmb: 12.8, "NF1 p.I1605fs"))
        XCTAssertEqual(tmb.map(\.alterationLabel), ["TMB-high (12.8 mut/Mb)"])
        XCTAssertTrue(kb.retrieve(try patient("Melanoma", tmb: 3.8, "NF1 p.I1605fs")).isEmpty, "3.8 mut/Mb is below the threshold")
        XCTAssertEqual(kb.retrieve(try patient("Melanoma", msi: .high, "NF1 p.I1605fs")).map(\.row.rowID), ["moalmanac:19"])
    }

    func testThymicCaseGetsOffLabelPARPEvidenceForATMAndBRCA2() throws {
        let cases = try BenaryCaseImport.read(path: RepositoryFiles.benary("patient_cases.derived.tsv")).cases
        let matches = try fixtureKB().retrieve(cases[2])
        XCTAssertEqual(matches.map(\.row.rowID), ["moalmanac:9", "moalmanac:10"])
        XCTAssertEqual(matches.map(\.alterationLabel), ["BRCA2 p.K3326* (1N)", "ATM p.E1666* (4N)"])
        XCTAssertEqual(matches.map(\.tier), [.approvedElsewhere, .approvedElsewhere])
    }

    func testCodonRowsMatchAnyChangeAtTheirCodon() throws {
        let kras = try XCTUnwrap(GeneSymbol("KRAS"))
        let g12 = KBFeature.codon(gene: kras, residue: "G", position: 12)
        let variant = { (text: String) in AlterationKind.sequenceVariant(gene: kras, protein: ProteinChange(parsing: text), coding: nil) }
        XCTAssertEqual(KnowledgeBase.level(of: g12, for: variant("G12C")), .codon)
        XCTAssertEqual(KnowledgeBase.level(of: g12, for: variant("p.Gly12Asp")), .codon)
        XCTAssertNil(KnowledgeBase.level(of: g12, for: variant("G13D")))
        XCTAssertEqual(ProteinChange.codon("p.Q61")?.position, 61)
        XCTAssertNil(ProteinChange.codon("p.Q61R"))
    }

    func testCIViCFixtureReadsPredictiveAcceptedRows() throws {
        let result = try CIViCLoader.read(path: RepositoryFiles.fixture("civic-fixture.tsv"))
        XCTAssertEqual(result.rows.map(\.rowID), ["civic:EID9001", "civic:EID9002", "civic:EID9003", "civic:EID9004",
                                                  "civic:EID9005/1", "civic:EID9005/2", "civic:EID9008"])
        XCTAssertEqual(result.skipped, 2, "the prognostic and the submitted rows")
        XCTAssertEqual(result.rows[2].therapy, ["Dabrafenib", "Trametinib"], "a combination is one therapy")
        XCTAssertEqual(result.rows[4].therapy, ["Larotrectinib"], "substitutes are separate therapies")
        XCTAssertEqual(result.rows[3].direction, .resistant)
        XCTAssertEqual(result.rows[0].pmids, ["21639808"])
        XCTAssertEqual(result.rows[6].feature, .other("BRAF V600E AND KRAS G12D"))
        let kb = KnowledgeBase(rows: result.rows)
        let lung = kb.retrieve(try patient("Lung Adenocarcinoma", "KRAS G12C"))
        XCTAssertEqual(lung.map(\.row.rowID), ["civic:EID9002"])
        XCTAssertEqual(lung.first?.tumorContext, .sameType(basis: "OncoTree LUAD within NSCLC"), "CIViC's disease name mapped through the OncoTree table")
        XCTAssertEqual(kb.retrieve(try patient("Cholangiocarcinoma", "LMNA::NTRK1 fusion")).first?.tumorContext, .tumorAgnostic)
    }

    func testWrongFormatsAreClearErrors() {
        XCTAssertThrowsError(try MOAlmanacLoader.read(data: Data("{\"content\": []}".utf8), source: "m.json")) {
            XCTAssertEqual("\($0)", "m.json: $: expected a JSON list of assertions (MOAlmanac's molecular-oncology-almanac.json), found object (this looks like the GA4GH-style 'referenced' draft; give molecular-oncology-almanac.json)")
        }
        XCTAssertThrowsError(try MOAlmanacLoader.read(data: Data("""
        [{"feature_type": "Somatic Variant", "gene": "BRAF", "protein_change": "p.V600!", "assertion_id": 1, "therapy_name": "X", "predictive_implication": "FDA-Approved"},
         {"feature_type": "Somatic Variant", "gene": "BRAF", "assertion_id": 2, "therapy_name": "X", "predictive_implication": "Strong"}]
        """.utf8), source: "m.json")) {
            XCTAssertEqual("\($0)", """
            m.json: $[0].protein_change: "p.V600!" is not a protein change or a codon
            m.json: $[1].predictive_implication: expected one of Clinical evidence, Clinical trial, FDA-Approved, Guideline, Inferential, Preclinical, found "Strong"
            """)
        }
        XCTAssertThrowsError(try CIViCLoader.read(table: CSVTable(text: "gene\tvariant\nBRAF\tV600E\n", source: "c.tsv", separator: "\t"))) {
            XCTAssertTrue("\($0)".hasPrefix("c.tsv: line 1: missing columns drugs, drug_interaction_type, clinical_significance, disease"), "\($0)")
        }
    }

    /// The shared MOAlmanac snapshot, read from this machine's data folder (never committed); skipped
    /// when absent, as in CI.
    func testSharedMOAlmanacSnapshotLoads() throws {
        let path = RepositoryFiles.sharedKB.appendingPathComponent("moalmanac/molecular-oncology-almanac.json").path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no shared MOAlmanac at \(path)") }
        let result = try MOAlmanacLoader.read(path: path)
        XCTAssertEqual(result.rows.count + result.skippedDeprecated + result.skippedWithoutTherapy, 1018)
        XCTAssertEqual(result.skippedDeprecated, 3)
        let kb = KnowledgeBase(rows: result.rows)
        let cases = try BenaryCaseImport.read(path: RepositoryFiles.benary("patient_cases.derived.tsv")).cases
        let counts = cases.map { kb.retrieve($0).count }
        print("MOAlmanac matches per Benary case: \(counts); rows loaded \(result.rows.count), without therapy \(result.skippedWithoutTherapy)")
        XCTAssertTrue(kb.retrieve(cases[5]).contains { $0.level == .exact && $0.row.therapy == ["Sotorasib"] && $0.tier == .approvedHere },
                      "KRAS G12C lung adenocarcinoma finds sotorasib, approved in the tumor type")
    }
}
