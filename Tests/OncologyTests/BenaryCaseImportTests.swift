@testable import Oncology
import XCTest

/// The 10 cases of Benary et al. 2023, from the committed copy of the TSV derived from their
/// PatientCases.xlsx (Benchmarks/tumorboard/benary2023, Apache-2.0).
final class BenaryCaseImportTests: XCTestCase {
    func testAllTenCasesImportWithTypedAlterations() throws {
        let result = try BenaryCaseImport.read(path: RepositoryFiles.benary("patient_cases.derived.tsv"))
        XCTAssertEqual(result.cases.map(\.id), (1...10).map { "benary2023-\($0)" })
        XCTAssertEqual(result.cases.map { $0.tumor.oncoTreeCode ?? "-" },
                       ["LUAD", "URCA", "THYC", "HEAD_NECK", "LUAD", "LUAD", "MEL", "CHOL", "SDCA", "LUAD"])
        XCTAssertEqual(result.cases.map(\.alterations.count), [5, 14, 18, 3, 3, 3, 4, 2, 4, 3])
        XCTAssertEqual(result.unparsed, [], result.unparsed.map(\.description).joined(separator: "\n"))

        let case3 = result.cases[2]
        XCTAssertEqual(case3.alterations[0].origin, .germline)
        XCTAssertEqual(case3.alterations[0].kind.description, "BRCA2 K3326*")
        XCTAssertTrue(case3.alterations.dropFirst().allSatisfy { $0.origin == .somatic }, "items after \"Tumor:\" are somatic")
        XCTAssertEqual(case3.alterations.filter { if case .fusion = $0.kind { return true } else { return false } }.map(\.kind.description),
                       ["TMEM111::TDRD3 fusion", "PRKDC::CDH17 fusion", "EXT1::MAGI2 fusion"])
        XCTAssertEqual(case3.alterations.last?.kind, .expression(gene: GeneSymbol("MET")!, change: .overexpression))

        let case5 = result.cases[4]
        XCTAssertEqual(case5.assay, "Panel")
        XCTAssertEqual(case5.tumorPurity, 0.3)
        XCTAssertEqual(case5.tumorMutationalBurden, 3.8)
        XCTAssertEqual(case5.sex, "female")
        XCTAssertEqual(case5.alterations.map(\.kind.description), ["EGFR E746_A750del", "TP53 A138_Q144del", "MET amplification"])
        XCTAssertEqual(case5.alterations.map(\.alleleFraction), [0.43, 0.37, nil])

        let case7 = result.cases[6]
        XCTAssertEqual(case7.tumorMutationalBurden, 12.8)
        XCTAssertTrue(case7.isTMBHigh)
        XCTAssertEqual(case7.alterations[1].kind, .sequenceVariant(gene: GeneSymbol("TP53")!, protein: nil, coding: "c.672+1G>A"))
        XCTAssertEqual(result.cases[7].alterations[0].kind, .fusion(partners: [GeneSymbol("FGFR2")!, GeneSymbol("BICC1")!]))
        XCTAssertEqual(result.cases[1].alterations.filter { if case .copyNumber = $0.kind { return true } else { return false } }.count, 5)
    }

    func testUnreadableAlterationsAreReportedNotDropped() throws {
        let text = """
        patient\tage\tsex\tdiagnosis\tstage\tsequencing\talterations
        1\t60\tm\tMelanoma\tIV\tPanel (Tumor Purity 50%), Methylation profile\tBRAF p.V600E (AF 30%) | BRAF something odd | 12345 amplification
        """
        let result = try BenaryCaseImport.read(text: text, source: "t.tsv")
        XCTAssertEqual(result.cases.first?.alterations.map(\.kind.description), ["BRAF V600E"])
        XCTAssertEqual(result.unparsed.map(\.text), ["Methylation profile", "BRAF something odd", "12345 amplification"])
        XCTAssertEqual(result.unparsed.map(\.column), ["sequencing", "alterations", "alterations"])
        XCTAssertEqual(result.unparsed[1].description,
                       "line 2, alterations, case benary2023-1: \"BRAF something odd\": \"something odd\" is not a protein change, copy-number change, fusion or expression change")
    }

    func testUnknownTumorAndEmptyAlterationsAreErrorsNamingLineAndColumn() {
        let text = """
        patient\tage\tsex\tdiagnosis\tstage\tsequencing\talterations
        1\t60\tm\tMartian carcinoma\tIV\tPanel\tBRAF p.V600E
        2\tsixty\tm\tMelanoma\tIV\tPanel\tBRAF p.V600E
        3\t60\tm\tMelanoma\tIV\tPanel\t
        """
        XCTAssertThrowsError(try BenaryCaseImport.read(text: text, source: "t.tsv")) { error in
            XCTAssertEqual((error as? OncologyInputErrors)?.errors.map(\.description), [
                "t.tsv: line 2, column diagnosis: unknown tumor type \"Martian carcinoma\": no OncoTree code for it in Sources/Oncology/OncoTree.swift",
                "t.tsv: line 3, column age: expected whole years, found \"sixty\"",
                "t.tsv: line 4, column alterations: no alteration could be read",
            ])
        }
    }

    func testWrongHeaderIsAnError() {
        XCTAssertThrowsError(try BenaryCaseImport.read(text: "a\tb\n1\t2\n", source: "t.tsv")) { error in
            XCTAssertTrue("\(error)".hasPrefix("t.tsv: line 1: expected the header patient<tab>age"), "\(error)")
        }
    }
}
