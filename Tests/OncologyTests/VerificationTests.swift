import Foundation
@testable import Oncology
import Support
import Workflow
import XCTest

/// A lung adenocarcinoma with KRAS G12C, EGFR C797S, and a VUS, against the MOAlmanac-schema
/// fixture; the answers are written here as a model would return them.
final class VerificationTests: XCTestCase {
    var verifier: OptionVerifier!
    var patient: PatientCase!
    var kb: KnowledgeBase!

    override func setUpWithError() throws {
        let normalizer = DrugNormalizer(
            vocabulary: try DrugVocabulary(drugBankCSV: RepositoryFiles.tumorboard.appendingPathComponent("drugbank-subset.csv").path),
            aliases: try DrugAliasTable(path: RepositoryFiles.tumorboard.appendingPathComponent("drug-aliases.tsv").path))
        verifier = OptionVerifier(normalizer: normalizer)
        kb = KnowledgeBase(rows: try MOAlmanacLoader.read(path: RepositoryFiles.fixture("moalmanac-fixture.json")).rows)
        patient = try PatientCaseJSON.readCase(try JSONValue(parsing: """
        {"id": "v1", "tumor": {"text": "Lung Adenocarcinoma"}, "tmb": 11, "alterations": [
          {"type": "variant", "gene": "KRAS", "protein": "p.G12C", "label": "KRAS p.G12C"},
          {"type": "variant", "gene": "EGFR", "protein": "p.C797S", "label": "EGFR p.C797S"},
          {"type": "variant", "gene": "ZFHX3", "protein": "p.F2994L", "significance": "vus", "label": "ZFHX3 p.F2994L"},
          {"type": "variant", "gene": "PIK3CA", "protein": "p.E545K", "label": "PIK3CA p.E545K"}
        ]}
        """))
    }

    func answer(_ json: String) throws -> TreatmentOptions { try TreatmentOptions.read(try JSONValue(parsing: json)) }

    func testBackingCitationsAndFlags() throws {
        let options = try answer("""
        {"case_id": "v1", "no_actionable_option": false, "options": [
          {"alteration": "KRAS G12C", "drugs": ["AMG 510"], "evidence_tier": "approved_in_tumor_type",
           "citations": ["PMID: 34096690", "NCT03600883", "NCT99999999"], "kb_rows": ["moalmanac:6"]},
          {"alteration": "KRAS p.G12C", "drugs": ["cetuximab", "adagrasib"], "evidence_tier": "approved_in_tumor_type", "citations": []},
          {"alteration": "EGFR p.C797S", "drugs": ["osimertinib"], "evidence_tier": "approved_in_tumor_type", "citations": ["doi:10.1000/x"]},
          {"alteration": "ZFHX3 p.F2994L", "drugs": ["olaparib"], "evidence_tier": "trial", "citations": ["12345"], "kb_rows": ["moalmanac:999"]},
          {"alteration": "PIK3CA p.E545K", "drugs": ["alpelisib"], "evidence_tier": "approved_other_tumor_type", "citations": []},
          {"alteration": "TMB 11 mut/Mb", "drugs": ["pembrolizumab"], "evidence_tier": "approved_in_tumor_type", "citations": []},
          {"alteration": "BRAF V600E", "drugs": ["vemurafenib"], "evidence_tier": "preclinical", "citations": []}
        ]}
        """)
        let result = verifier.verify(options, for: patient, matches: kb.retrieve(patient),
                                     references: ReferenceLibrary(citations: ["12345"], label: "case reference list"))
        let o = result.options

        // Sotorasib by its code name: backed by the approval row, citations found in it.
        guard case .backed(let rows) = o[0].backing else { return XCTFail("\(o[0].backing)") }
        XCTAssertEqual(rows.map(\.row.rowID), ["moalmanac:6"])
        XCTAssertEqual(o[0].supportedTier, .approvedHere)
        XCTAssertEqual(o[0].citations.map(\.status), [.verified(foundIn: ["moalmanac:6"]), .verified(foundIn: ["moalmanac:6"]), .unverified])
        XCTAssertEqual(o[0].citations.map(\.supportsThisOption), [true, true, false])
        XCTAssertEqual(o[0].flags, [])

        // Adagrasib + cetuximab is approved for colorectal cancer, not lung: backed, tier overclaimed.
        guard case .backed(let combo) = o[1].backing else { return XCTFail("\(o[1].backing)") }
        XCTAssertEqual(combo.map(\.row.rowID), ["moalmanac:8"], "a combination matches its set, in any order")
        XCTAssertEqual(o[1].flags, [.tierOverclaimed(claimed: .approvedHere, supported: .approvedElsewhere)])

        // Osimertinib for C797S: the knowledge base says resistance.
        guard case .resistance = o[2].backing else { return XCTFail("\(o[2].backing)") }
        XCTAssertEqual(o[2].flags, [.resistanceEvidence(rows: ["moalmanac:20"]), .tierOverclaimed(claimed: .approvedHere, supported: nil),
                                    .malformedCitation("doi:10.1000/x")])
        XCTAssertEqual(o[2].citations.first?.status, .notCheckable)

        // A drug for a VUS with no evidence; a made-up row id; a citation known only to the reference list.
        XCTAssertEqual(o[3].flags, [.tierOverclaimed(claimed: .trial, supported: nil), .drugForVUSWithoutEvidence("ZFHX3 p.F2994L"),
                                    .unknownKBRow("moalmanac:999")])
        XCTAssertEqual(o[3].citations.first?.status, .verified(foundIn: ["references: case reference list"]))
        XCTAssertEqual(o[3].citations.first?.supportsThisOption, false, "a known PMID does not make an unbacked option backed")

        // Alpelisib alone against the alpelisib + fulvestrant breast row: partial backing, honest tier.
        guard case .partial = o[4].backing else { return XCTFail("\(o[4].backing)") }
        XCTAssertEqual(o[4].flags, [])
        // TMB-high is a case-level biomarker: the tumor-agnostic approval backs pembrolizumab.
        guard case .backed = o[5].backing else { return XCTFail("\(o[5].backing)") }
        XCTAssertEqual(o[5].flags, [])
        XCTAssertEqual(o[6].flags.first, .alterationNotInCase("BRAF V600E"))

        XCTAssertEqual(result.verifiedCitationCount, 3)
        XCTAssertEqual(result.citationChecks.count, 5)
        XCTAssertEqual(result.backedOptionCount, 3)
    }

    func testCitationForms() {
        XCTAssertEqual(Citation(parsing: "PMID: 34096690"), .pmid("34096690"))
        XCTAssertEqual(Citation(parsing: "34096690"), .pmid("34096690"))
        XCTAssertEqual(Citation(parsing: "https://pubmed.ncbi.nlm.nih.gov/24558511/"), .pmid("24558511"))
        XCTAssertEqual(Citation(parsing: "nct04685135"), .nct("NCT04685135"))
        XCTAssertEqual(Citation(parsing: "https://clinicaltrials.gov/ct2/show/NCT04685135"), .nct("NCT04685135"))
        XCTAssertEqual(Citation(parsing: "NCT0468513"), .other("NCT0468513"), "seven digits")
        XCTAssertEqual(Citation(parsing: "123456789"), .other("123456789"), "nine digits")
        XCTAssertEqual(Citation(parsing: "10.1200/JCO.2021.39.15_suppl.9021"), .other("10.1200/JCO.2021.39.15_suppl.9021"))
    }

    func testAnswerReaderChecksWhatTheSchemaCannot() throws {
        XCTAssertThrowsError(try answer(#"{"case_id": "v1", "no_actionable_option": true, "options": [{"alteration": "KRAS G12C", "drugs": ["sotorasib"], "evidence_tier": "trial", "citations": []}]}"#)) {
            XCTAssertEqual("\($0)", "<answer>: $.no_actionable_option: is true but 1 option(s) are given")
        }
        XCTAssertThrowsError(try answer(#"{"case_id": "v1", "no_actionable_option": false, "options": [{"alteration": "KRAS G12C", "drugs": [], "evidence_tier": "approved", "citations": []}]}"#)) {
            XCTAssertEqual("\($0)", """
            <answer>: $.options[0].drugs: expected at least one drug
            <answer>: $.options[0].evidence_tier: expected one of "approved_in_tumor_type", "approved_other_tumor_type", "guideline", "trial", "preclinical", found "approved"
            """)
        }
        let none = try answer(#"{"case_id": "v1", "no_actionable_option": true, "options": [], "alterations_without_option": ["ZFHX3 p.F2994L"]}"#)
        XCTAssertTrue(none.noActionableOption)
        XCTAssertEqual(none.alterationsWithoutOption, ["ZFHX3 p.F2994L"])
    }

    /// The schema compiles with the project's schema checker, accepts the answers above and rejects
    /// a malformed one with paths.
    func testSchemaFileCompilesAndValidates() throws {
        let url = RepositoryFiles.root.appendingPathComponent("Prompts/schemas/treatment-options.json")
        let schema = try JSONSchema(compiling: try JSONValue(parsing: try Data(contentsOf: url)))
        XCTAssertTrue(schema.isValid(try JSONValue(parsing: #"{"case_id": "v1", "no_actionable_option": false, "options": [{"alteration": "KRAS G12C", "drugs": ["sotorasib"], "evidence_tier": "approved_in_tumor_type", "citations": ["PMID:34096690"], "kb_rows": ["moalmanac:6"]}]}"#)))
        XCTAssertTrue(schema.isValid(try JSONValue(parsing: #"{"case_id": "v1", "no_actionable_option": true, "options": []}"#)))
        let violations = schema.validate(try JSONValue(parsing: #"{"case_id": "v1", "options": [{"alteration": "KRAS G12C", "drugs": "sotorasib", "evidence_tier": "fda", "citations": []}]}"#))
        XCTAssertEqual(violations.map { "\($0.path)" }.sorted(), ["$.no_actionable_option", "$.options[0].drugs", "$.options[0].evidence_tier"])
    }
}
