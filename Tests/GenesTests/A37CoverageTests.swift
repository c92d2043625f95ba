import XCTest
@testable import Genes

/// Aggregate A37 (the erythroid signature: 11 modules, 267 distinct symbols) through HGNC, on the
/// committed subset and, where present, the full shared snapshot: the subset holds every HGNC row
/// that names an A37 symbol, so both must give the same mapping.
final class A37CoverageTests: XCTestCase {
    static let modules = ["M9.2", "M11.2", "M11.3", "M11.4", "M12.11", "M13.26", "M13.30", "M14.53",
                          "M15.53", "M15.74", "M15.100"]

    private func coverage(repertoire: String, hgnc: String) throws -> ([SymbolResolution], MappingCoverage) {
        let set = try BloodGen3Repertoire(path: repertoire).select(["A37"])
        XCTAssertEqual(set.modules.map(\.id), Self.modules)
        XCTAssertEqual(set.distinctSymbols.count, 267)
        let resolutions = SymbolNormalizer(table: try HGNCTable(path: hgnc)).resolveAll(set.distinctSymbols)
        return (resolutions, MappingCoverage(resolutions))
    }

    private func check(_ resolutions: [SymbolResolution], _ coverage: MappingCoverage) {
        let byInput = Dictionary(uniqueKeysWithValues: resolutions.map { ($0.input, $0) })
        XCTAssertEqual(byInput["8-Mar"]?.mapping.symbol, "MARCHF8")
        XCTAssertEqual(byInput["2-Mar"]?.mapping.symbol, "MARCHF2")
        XCTAssertEqual(byInput["FAM46C"]?.mapping, .fromPrevious(old: "FAM46C", symbol: "TENT5C", hgncID: "HGNC:24712"))
        XCTAssertEqual(byInput["SELK"]?.mapping.symbol, "SELENOK")
        XCTAssertEqual(byInput["LOC653907"]?.mapping, .unresolved(reason: .noSymbol(placeholder: "LOC")))
        XCTAssertEqual(coverage.total, 267)
        XCTAssertEqual(coverage.counts, ["approved": 209, "from_previous": 35, "from_alias": 4, "excel_repaired": 2,
                                         "ambiguous": 0, "unresolved": 17])
        XCTAssertEqual(coverage.caseFolded, 14)
        XCTAssertEqual(coverage.resolved, 250)
        XCTAssertEqual(coverage.distinctGenes, 249)
        XCTAssertEqual(coverage.unresolvedInputs.filter { !$0.hasPrefix("LOC") && !$0.hasPrefix("HS.") }, ["BOAT"])
        XCTAssertEqual(coverage.unresolvedInputs.filter { SymbolNormalizer.placeholder($0) != nil }.count, 16)
    }

    func testCommittedSubset() throws {
        let (resolutions, coverage) = try coverage(
            repertoire: TestData.subset + "/bloodgen3/Module_listGen3.A37.csv", hgnc: TestData.subset + "/hgnc/hgnc_entries.tsv")
        check(resolutions, coverage)
    }

    func testSharedSnapshot() throws {
        let shared = try TestData.shared()
        let (resolutions, coverage) = try coverage(
            repertoire: shared + "/bloodgen3/Module_listGen3.csv", hgnc: shared + "/genes/hgnc/hgnc_entries.tsv")
        check(resolutions, coverage)
        let repertoire = try BloodGen3Repertoire(path: shared + "/bloodgen3/Module_listGen3.csv")
        XCTAssertEqual(repertoire.modules.count, 382)
        XCTAssertEqual(repertoire.aggregates.count, 38)
        XCTAssertEqual(genesError { try repertoire.select(["A39"]) }?.reason,
                       "unknown module or aggregate id \"A39\" (did you mean A3, A9, A19?)")
    }
}
