import Foundation
@testable import Oncology
import XCTest

final class PatientCaseJSONTests: XCTestCase {
    private func read(_ text: String) throws -> [PatientCase] {
        try PatientCaseJSON.read(data: Data(text.utf8), source: "cases.json")
    }

    private func errors(_ text: String) -> [String] {
        do { _ = try read(text); return [] } catch let error as OncologyInputErrors { return error.errors.map(\.description) } catch {
            return ["\(error)"]
        }
    }

    func testAWellFormedCaseReadsWithEveryField() throws {
        let cases = try read("""
        {"format": "consilium.tumorboard.cases", "version": 1, "cases": [
          {"id": "c1", "tumor": {"text": "Melanoma"}, "stage": "IV", "prior_lines": ["nivolumab"], "assay": "Panel",
           "tumor_purity": 0.8, "tmb": 12.5, "msi": "stable", "age": 41, "sex": "female",
           "alterations": [
             {"type": "variant", "gene": "BRAF", "protein": "p.Val600Glu", "vaf": 0.31, "origin": "somatic"},
             {"type": "variant", "gene": "TP53", "coding": "c.672+1G>A", "significance": "vus"},
             {"type": "copy_number", "gene": "MET", "direction": "amplification", "copies": 8},
             {"type": "fusion", "partners": ["FGFR2", "BICC1"]},
             {"type": "expression", "gene": "ERBB2", "direction": "overexpression", "label": "ERBB2 RNA overexpression"}
           ]}
        ]}
        """)
        let c = try XCTUnwrap(cases.first)
        XCTAssertEqual(c.tumor, TumorType(text: "Melanoma", oncoTreeCode: "MEL"))
        XCTAssertEqual(c.priorLines, ["nivolumab"])
        XCTAssertEqual(c.microsatelliteStatus, .stable)
        XCTAssertEqual(c.alterations.map(\.kind.description),
                       ["BRAF V600E", "TP53 c.672+1G>A", "MET amplification", "FGFR2::BICC1 fusion", "ERBB2 overexpression"])
        XCTAssertEqual(c.alterations[0].alleleFraction, 0.31)
        XCTAssertEqual(c.alterations[1].significance, .unknownSignificance)
        XCTAssertEqual(c.alterations[4].label, "ERBB2 RNA overexpression")
        XCTAssertEqual(try PatientCaseJSON.read(data: PatientCaseJSON.document(cases, source: "s", licence: "l").canonicalData), cases,
                       "writing and reading again gives the same cases")
    }

    func testEveryProblemIsReportedWithItsJSONPath() {
        XCTAssertEqual(errors("""
        {"format": "consilium.tumorboard.cases", "version": 1, "cases": [
          {"id": "a", "tumor": {"text": "Martian carcinoma"}, "alterations": []},
          {"id": "b", "tumor": {"text": "x", "oncotree": "XYZ"}, "tumor_purity": 60, "alterations": [
            {"type": "variant", "gene": "BRAF", "protein": "V600"},
            {"type": "variant", "gene": "KRAS"},
            {"type": "copy_number", "gene": "MET", "direction": "up"},
            {"type": "fusion", "partners": []},
            {"type": "methylation", "gene": "MGMT"},
            {"type": "variant", "gene": "EGFR", "protein": "L858R", "vaf ": 0.2}
          ]},
          {"id": "a", "tumor": {"text": "Melanoma"}, "alterations": [{"type": "variant", "gene": "BRAF", "protein": "V600E"}]}
        ]}
        """), [
            "cases.json: $.cases[0].tumor.text: unknown tumor type \"Martian carcinoma\": no OncoTree code for it; give \"oncotree\" explicitly",
            "cases.json: $.cases[0].alterations: empty: a case needs at least one alteration",
            "cases.json: $.cases[1].tumor.oncotree: unknown OncoTree code \"XYZ\" (not in the table in Sources/Oncology/OncoTree.swift; add its row)",
            "cases.json: $.cases[1].tumor_purity: expected a number in 0.0...1.0 (a fraction, not a percentage), found 60",
            "cases.json: $.cases[1].alterations[0].protein: \"V600\" is not a protein change (expected HGVS such as p.V600E, V600E, p.Val600Glu, p.E746_A750del, p.K83fs)",
            "cases.json: $.cases[1].alterations[1]: a variant needs \"protein\" (p. change) or \"coding\" (c. change)",
            "cases.json: $.cases[1].alterations[2].direction: expected one of \"amplification\", \"deletion\", found \"up\"",
            "cases.json: $.cases[1].alterations[3].partners: empty: a fusion needs at least one partner gene",
            "cases.json: $.cases[1].alterations[4].type: expected one of \"variant\", \"copy_number\", \"fusion\", \"expression\", found \"methylation\"",
            "cases.json: $.cases[1].alterations[4].gene: unknown field (known: label, origin, significance, type, vaf)",
            "cases.json: $.cases[1].alterations[5].vaf : unknown field (known: coding, gene, label, origin, protein, significance, type, vaf)",
            "cases.json: $.cases[2].id: duplicate case id \"a\" (first at $.cases[0])",
        ])
    }

    func testNotJSONAndWrongFormatAreErrors() {
        XCTAssertEqual(errors("{\"format\": \"consilium.tumorboard.cases\",\n \"version\": 1, \"cases\": [}"),
                       ["cases.json: line 2, column 26: not JSON: unexpected '}'"])
        XCTAssertEqual(errors("{\"format\": \"other\", \"version\": 2, \"cases\": []}"), [
            "cases.json: $.format: expected \"consilium.tumorboard.cases\", found \"other\"",
            "cases.json: $.version: expected 1, found 2 (this reader knows version 1 only)",
        ])
    }
}
