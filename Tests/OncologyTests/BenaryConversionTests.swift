import Foundation
@testable import Oncology
import Support
import XCTest

/// The committed conversions of Benary et al.'s cases and expert options into the project's own
/// formats (Benchmarks/tumorboard/benary2023-*.json) must equal what the importers make of the
/// committed source files. Run with CONSILIUM_WRITE_FIXTURES=1 to rewrite them after a change.
final class BenaryConversionTests: XCTestCase {
    static let attribution = "Benary M, Wang XD, Schmidt M, et al. Leveraging Large Language Models for Decision Support in Personalized Oncology. JAMA Netw Open. 2023;6(11):e2343689. doi:10.1001/jamanetworkopen.2023.43689. Data from github.com/WangXII/LLMs_in_PO @ c4f615836b88a1da908aad52c42c6be264e01e77"
    static let licence = "Apache-2.0 (Benchmarks/tumorboard/benary2023/LICENSE_Apache-2.0.txt); converted by Consilium (BenaryConversionTests)"

    func testCasesFileEqualsTheImport() throws {
        let imported = try BenaryCaseImport.read(path: RepositoryFiles.benary("patient_cases.derived.tsv")).cases
        let document = PatientCaseJSON.document(imported, source: Self.attribution + ", data/PatientCases.xlsx via patient_cases.derived.tsv", licence: Self.licence)
        let path = RepositoryFiles.tumorboard.appendingPathComponent("benary2023-cases.json").path
        try compareOrWrite(document, path: path)
        XCTAssertEqual(try PatientCaseJSON.read(path: path), imported, "the file reads back to the same cases")
    }

    func testExpertReferenceFileEqualsTheHumanRows() throws {
        let rows = try BenaryRecommendations.read(path: RepositoryFiles.benary("RecommendationsClean.csv"))
        let human = rows.filter { $0.source == BenaryRecommendations.expertSource }
        XCTAssertEqual(human.count, 43)
        let document = TherapyOptionRowsJSON.document(human, source: Self.attribution + ", data/RecommendationsClean.csv rows with model == human", licence: Self.licence)
        let path = RepositoryFiles.tumorboard.appendingPathComponent("benary2023-expert-reference.json").path
        try compareOrWrite(document, path: path)
        XCTAssertEqual(try TherapyOptionRowsJSON.read(path: path), human)
    }

    private func compareOrWrite(_ document: JSONValue, path: String) throws {
        let text = document.prettyText + "\n"
        if ProcessInfo.processInfo.environment["CONSILIUM_WRITE_FIXTURES"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(committed, text, "\(path) differs from the import; rerun with CONSILIUM_WRITE_FIXTURES=1 and review the diff")
    }
}
