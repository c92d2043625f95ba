import Support
import XCTest
@testable import Genes

final class SymbolNormalizerTests: XCTestCase {
    private var normalizer: SymbolNormalizer!

    override func setUpWithError() throws {
        normalizer = SymbolNormalizer(table: try HGNCTable(path: TestData.fixture("hgnc.tsv")))
    }

    private func map(_ input: String) -> SymbolMapping { normalizer.resolve(input).mapping }

    func testTiersInHGNCOrder() {
        XCTAssertEqual(map("ALAS2"), .approved(symbol: "ALAS2", hgncID: "HGNC:1"))
        XCTAssertEqual(map(" ALAS2\t"), .approved(symbol: "ALAS2", hgncID: "HGNC:1"))
        XCTAssertEqual(map("FAM46C"), .fromPrevious(old: "FAM46C", symbol: "TENT5C", hgncID: "HGNC:7"))
        XCTAssertEqual(map("CMIR"), .fromAlias(alias: "CMIR", symbol: "MARCHF8", hgncID: "HGNC:2"))
        // DEC1 is DELEC1's previous symbol and BHLHE40's alias: the previous symbol wins.
        XCTAssertEqual(map("DEC1"), .fromPrevious(old: "DEC1", symbol: "DELEC1", hgncID: "HGNC:14"))
    }

    func testAmbiguousPreviousSymbolsAndAliasesAreFlaggedNotGuessed() {
        XCTAssertEqual(map("ACSM2"), .ambiguous(candidates: [
            SymbolCandidate(symbol: "ACSM2A", hgncID: "HGNC:10", route: .previous, matched: "ACSM2"),
            SymbolCandidate(symbol: "ACSM2B", hgncID: "HGNC:11", route: .previous, matched: "ACSM2"),
        ]))
        XCTAssertEqual(map("ASP"), .ambiguous(candidates: [
            SymbolCandidate(symbol: "A1CF", hgncID: "HGNC:12", route: .alias, matched: "ASP"),
            SymbolCandidate(symbol: "ASIP", hgncID: "HGNC:13", route: .alias, matched: "ASP"),
        ]))
        XCTAssertNil(map("ASP").symbol)
    }

    func testCaseFoldingOnlyAfterExactMatchesFail() {
        let orf = normalizer.resolve("C1ORF43")
        XCTAssertEqual(orf.mapping, .approved(symbol: "C1orf43", hgncID: "HGNC:8"))
        XCTAssertTrue(orf.caseFolded)
        let previous = normalizer.resolve("C10ORF63")
        XCTAssertEqual(previous.mapping, .fromPrevious(old: "C10orf63", symbol: "ENKUR", hgncID: "HGNC:9"))
        XCTAssertTrue(previous.caseFolded)
        // "Oct4" is an alias exactly as written; "OCT4" only case-folded.
        XCTAssertFalse(normalizer.resolve("Oct4").caseFolded)
        XCTAssertEqual(normalizer.resolve("OCT4").mapping, .fromAlias(alias: "Oct4", symbol: "POU5F1", hgncID: "HGNC:16"))
        XCTAssertTrue(normalizer.resolve("OCT4").caseFolded)
        XCTAssertFalse(normalizer.resolve("ALAS2").caseFolded)
    }

    func testExcelDatesAreReadBackToSymbols() {
        let march8 = SymbolMapping.excelRepaired(
            raw: "8-Mar", read: "MARCH8", then: .fromPrevious(old: "MARCH8", symbol: "MARCHF8", hgncID: "HGNC:2"))
        XCTAssertEqual(map("8-Mar"), march8)
        XCTAssertEqual(map("8-Mar").symbol, "MARCHF8")
        for form in ["08-Mar", "Mar-08", "Mar-8", "8-MAR", "8-Mar-2004", "08-Mar-04", "2004-03-08", "8-March"] {
            XCTAssertEqual(map(form).symbol, "MARCHF8", form)
        }
        for form in ["1-Sep", "Sep-01", "01-Sep", "2001-09-01", "1-Sept"] {
            XCTAssertEqual(map(form).symbol, "SEPTIN1", form)
        }
        // Excel does not read "MARC2" as a date, so 2-Mar was MARCH2, not MTARC2's MARC2.
        XCTAssertEqual(map("2-Mar").symbol, "MARCHF2")
        // SEPT15 never existed; SEP15 is SELENOF's alias.
        XCTAssertEqual(map("15-Sep"), .excelRepaired(
            raw: "15-Sep", read: "SEP15", then: .fromAlias(alias: "SEP15", symbol: "SELENOF", hgncID: "HGNC:6")))
        XCTAssertEqual(map("1-Dec").symbol, "DELEC1")
        // 3/1/2004 is 1 March (US) or 3 January: only March gives a known gene here.
        XCTAssertEqual(map("3/1/2004").symbol, "MARCHF1")
        XCTAssertEqual(map("9-Mar"), .unresolved(reason: .excelDateUnknown(tried: ["MAR9", "MARCH9"])))
        XCTAssertEqual(map("32-Mar"), .unresolved(reason: .unknown))
    }

    func testPlaceholdersWithdrawnAndUnknown() {
        XCTAssertEqual(map("LOC653907"), .unresolved(reason: .noSymbol(placeholder: "LOC")))
        XCTAssertEqual(map("HS.105618"), .unresolved(reason: .noSymbol(placeholder: "Hs.")))
        XCTAssertEqual(map("Hs.105618"), .unresolved(reason: .noSymbol(placeholder: "Hs.")))
        XCTAssertEqual(map("GONE1"), .unresolved(reason: .withdrawn(hgncID: "HGNC:98", replacedBy: ["HGNC:1"])))
        XCTAssertEqual(map("NOTAGENE"), .unresolved(reason: .unknown))
        XCTAssertEqual(map("  "), .unresolved(reason: .empty))
        XCTAssertEqual(map("LOCUS"), .unresolved(reason: .unknown))
    }

    func testMappingsSerializeForTheRunRecord() throws {
        let repaired = normalizer.resolve("8-Mar").jsonValue
        XCTAssertEqual(repaired.canonicalText, """
            {"input":"8-Mar","raw":"8-Mar","read":"MARCH8","status":"excel_repaired",\
            "then":{"hgnc_id":"HGNC:2","previous":"MARCH8","status":"from_previous","symbol":"MARCHF8"}}
            """)
        XCTAssertEqual(normalizer.resolve("c1orf43").jsonValue.canonicalText,
                       #"{"case_folded":true,"hgnc_id":"HGNC:8","input":"c1orf43","status":"approved","symbol":"C1orf43"}"#)
        XCTAssertEqual(normalizer.resolve("ACSM2").jsonValue["candidates"]?[1]?["symbol"], .string("ACSM2B"))
        XCTAssertEqual(normalizer.resolve("LOC1").jsonValue.canonicalText,
                       #"{"input":"LOC1","reason":{"kind":"no_symbol","placeholder":"LOC"},"status":"unresolved"}"#)
    }

    func testHGNCTableErrors() throws {
        let header = "HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tPrevious symbols\n"
        let short = try TestData.write(header + "HGNC:1\tA\ta\tApproved\t\n", name: "h.tsv")
        XCTAssertEqual(genesError { try HGNCTable(path: short) }?.description,
                       "\(short):2: malformed row: expected 6 tab-separated fields, found 5")
        let status = try TestData.write(header + "HGNC:1\tA\ta\tMaybe\t\t\n", name: "s.tsv")
        XCTAssertEqual(genesError { try HGNCTable(path: status) }?.description,
                       "\(status):2:4: malformed row: unknown status \"Maybe\"")
        let twice = try TestData.write(header + "HGNC:1\tA\ta\tApproved\t\t\nHGNC:1\tB\tb\tApproved\t\t\n", name: "d.tsv")
        XCTAssertEqual(genesError { try HGNCTable(path: twice) }?.problem, .duplicate(key: "HGNC:1", firstLine: 2))
        let columns = try TestData.write("HGNC ID\tSymbol\n", name: "c.tsv")
        XCTAssertEqual(genesError { try HGNCTable(path: columns) }?.problem,
                       .missingColumn(name: "Approved symbol", found: ["HGNC ID", "Symbol"]))
    }
}
