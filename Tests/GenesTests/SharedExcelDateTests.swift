import XCTest
@testable import Genes

/// The Excel-date families against the full HGNC table (skipped where the snapshot is absent).
final class SharedExcelDateTests: XCTestCase {
    func testMarchAndSeptemberFamilies() throws {
        let shared = try TestData.shared()
        let normalizer = SymbolNormalizer(table: try HGNCTable(path: shared + "/genes/hgnc/hgnc_entries.tsv"))
        var seen: [String: String] = [:]
        for day in 1...15 {
            for month in ["Mar", "Sep", "Dec", "Oct", "Apr", "Feb", "Nov"] {
                let raw = "\(day)-\(month)"
                let mapping = normalizer.resolve(raw).mapping
                if mapping.kind != "unresolved" { seen[raw] = mapping.symbol ?? "ambiguous " + mapping.jsonValue.canonicalText }
            }
        }
        for day in 1...11 { XCTAssertEqual(seen["\(day)-Mar"], "MARCHF\(day)") }
        for day in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14] { XCTAssertEqual(seen["\(day)-Sep"], "SEPTIN\(day)") }
        // SEPT13 became SEPTIN7P2; SEPT15 never existed, SEP15 is SELENOF's alias.
        XCTAssertEqual(seen["13-Sep"], "SEPTIN7P2")
        XCTAssertEqual(seen["15-Sep"], "SELENOF")
        // OCT1 is an alias of both POU2F1 and SLC22A1: flagged, not guessed.
        XCTAssertEqual(seen["1-Oct"]?.hasPrefix("ambiguous"), true)
        XCTAssertEqual(seen["1-Dec"], "DELEC1")
    }
}
