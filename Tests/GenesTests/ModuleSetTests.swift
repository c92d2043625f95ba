import XCTest
@testable import Genes

final class ModuleSetTests: XCTestCase {
    // MARK: BloodGen3

    func testRepertoireGroupsModulesIntoAggregatesAndDropsProbeRepeats() throws {
        let repertoire = try BloodGen3Repertoire(path: TestData.fixture("modules.csv"))
        XCTAssertEqual(repertoire.modules.map(\.id), ["M1.1", "M1.2", "M2.1"])
        XCTAssertEqual(repertoire.aggregates["A1"], ["M1.1", "M1.2"])
        XCTAssertEqual(repertoire.module("M1.1")?.symbols, ["HBB", "ALAS2", "8-Mar"])
        XCTAssertEqual(repertoire.module("M1.2")?.title, "Erythrocytes, late")
        let selected = try repertoire.select(["a1"])
        XCTAssertEqual(selected.modules.map(\.id), ["M1.1", "M1.2"])
        XCTAssertEqual(selected.distinctSymbols, ["HBB", "ALAS2", "8-Mar", "SLC4A1", "LOC653907"])
        XCTAssertEqual(try repertoire.select(["M2.1", "A2", " M1.2 "]).modules.map(\.id), ["M2.1", "M1.2"])
    }

    func testUnknownModuleIdSuggestsCloseIds() throws {
        let repertoire = try BloodGen3Repertoire(path: TestData.fixture("modules.csv"))
        let error = genesError { try repertoire.select(["M1.3"]) }
        XCTAssertEqual(error?.problem, .unknownModule(id: "M1.3", suggestions: ["M1.1", "M1.2", "M2.1"]))
        XCTAssertEqual(genesError { try repertoire.select([" ", ""]) }?.problem, .empty(what: "list of module ids"))
    }

    func testMalformedModuleRowsNameLineAndColumn() throws {
        let header = "Module,Gene,Probes,Module_gene,Function,Cluter,Cluster_location,position\n"
        let short = try TestData.write(header + "M1.1,HBB,1,M1.1_HBB,x,A1,1,A1.1\nM1.1,ALAS2,2\n", name: "short.csv")
        let error = genesError { try BloodGen3Repertoire(path: short) }
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.description, "\(short):3: malformed row: expected 8 fields, found 3")

        let quote = try TestData.write(header + "M1.1,HBB,1,M1.1_HBB,\"open,A1,1,A1.1\n", name: "quote.csv")
        let quoteError = genesError { try BloodGen3Repertoire(path: quote) }
        XCTAssertEqual([quoteError?.line, quoteError?.column], [2, 21])

        let blank = try TestData.write(header + "M1.1, ,1,M1.1_,x,A1,1,A1.1\n", name: "blank.csv")
        XCTAssertEqual(genesError { try BloodGen3Repertoire(path: blank) }?.description,
                       "\(blank):2:2: malformed row: empty gene symbol")

        let split = try TestData.write(header + "M1.1,HBB,1,a,x,A1,1,A1.1\nM1.1,FECH,1,a,x,A2,1,A1.1\n", name: "split.csv")
        XCTAssertEqual(genesError { try BloodGen3Repertoire(path: split) }?.reason,
                       "malformed row: module M1.1 is in aggregate A1 at line 2, here in \"A2\"")

        let noColumn = try TestData.write("Module,Symbol\nM1.1,HBB\n", name: "columns.csv")
        XCTAssertEqual(genesError { try BloodGen3Repertoire(path: noColumn) }?.problem,
                       .missingColumn(name: "Gene", found: ["Module", "Symbol"]))
        XCTAssertEqual(genesError { try BloodGen3Repertoire(path: TestData.write(header, name: "h.csv")) }?.problem,
                       .empty(what: "module list"))
        let missing = genesError { try BloodGen3Repertoire(path: "/nonexistent/modules.csv") }
        XCTAssertEqual(missing?.file, "/nonexistent/modules.csv")
    }

    // MARK: GMT and plain lists

    func testGMTSetsKeepOrderAndIgnoreEmptyTrailingCells() throws {
        let sets = try GeneSetFile.gmt(path: TestData.fixture("sets.gmt"))
        XCTAssertEqual(sets.map(\.id), ["HEME", "TCELL"])
        XCTAssertEqual(sets[0].symbols, ["ALAS2", "FECH", "HBB"])
        XCTAssertEqual(sets[0].title, "some description")
        XCTAssertNil(sets[1].title)
    }

    func testGMTErrorsNameTheLine() throws {
        let empty = try TestData.write("A\tdesc\tG1\nB\tdesc\t\t\n", name: "e.gmt")
        XCTAssertEqual(genesError { try GeneSetFile.gmt(path: empty) }?.description, "\(empty):2: gene set \"B\" is empty")
        let twice = try TestData.write("A\td\tG1\n\nA\td\tG2\n", name: "d.gmt")
        XCTAssertEqual(genesError { try GeneSetFile.gmt(path: twice) }?.description,
                       "\(twice):3: \"A\" appears twice (first at line 1)")
        let one = try TestData.write("A G1 G2\n", name: "s.gmt")
        XCTAssertEqual(genesError { try GeneSetFile.gmt(path: one) }?.line, 1)
    }

    func testPlainListSplitsOnCommasTabsSpacesAndSkipsComments() throws {
        let module = try GeneSetFile.plainList(path: TestData.fixture("genes.txt"), name: "mine")
        XCTAssertEqual(module.symbols, ["HBB", "ALAS2", "FECH", "SLC4A1"])
        let comments = try TestData.write("# nothing here\n\n  \n", name: "empty.txt")
        XCTAssertEqual(genesError { try GeneSetFile.plainList(path: comments, name: "x") }?.description,
                       "\(comments): gene list is empty")
    }
}

final class ModuleSourceTests: XCTestCase {
    func testEachSourceKindLoadsAndNormalizes() throws {
        let normalizer = SymbolNormalizer(table: try HGNCTable(path: TestData.fixture("hgnc.tsv")))
        let blood = try ModuleSource.bloodGen3(path: TestData.fixture("modules.csv"), ids: ["A1"]).load()
        let normalized = NormalizedModuleSet(blood, normalizer: normalizer)
        XCTAssertEqual(normalized.genes(ofModule: 0), ["HBB", "ALAS2", "MARCHF8"])
        XCTAssertEqual(normalized.genes(ofModule: 1), ["SLC4A1"])
        XCTAssertEqual(normalized.coverage.unresolvedInputs, ["LOC653907"])
        let json = normalized.jsonValue
        XCTAssertEqual(json["modules"]?[0]?["symbols"]?[2]?["status"], .string("excel_repaired"))
        XCTAssertEqual(json["modules"]?[1]?["title"], .string("Erythrocytes, late"))
        XCTAssertEqual(json["coverage"]?["counts"]?["excel_repaired"], .number(1))

        let gmt = try ModuleSource.gmt(path: TestData.fixture("sets.gmt"), names: ["tcell"]).load()
        XCTAssertEqual(gmt.modules.map(\.id), ["TCELL"])
        XCTAssertEqual(try ModuleSource.gmt(path: TestData.fixture("sets.gmt"), names: []).load().modules.count, 2)
        XCTAssertEqual(genesError { try ModuleSource.gmt(path: TestData.fixture("sets.gmt"), names: ["HEMO"]).load() }?.problem,
                       .unknownModule(id: "HEMO", suggestions: ["HEME"]))
        let list = try ModuleSource.plainList(path: TestData.fixture("genes.txt"), name: "mine").load()
        XCTAssertEqual(list.modules.first?.symbols.count, 4)
    }
}
